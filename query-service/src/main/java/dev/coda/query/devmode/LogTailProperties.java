package dev.coda.query.devmode;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param keepAlive  how long a live tail stays silent before it sends a comment: a client that left is only
 *                   noticed when something is written to it, and until then its tail polls the database
 * @param maxPerUser live tails one user may have open at once (each polls the database ten times a second)
 * @param maxDuration how long one live tail lasts before it ends: a browser's EventSource then reconnects with
 *                    the last event's id and goes on from there, so no tail holds its place forever
 */
@ConfigurationProperties("coda.log-tail")
record LogTailProperties(@DefaultValue("15s") Duration keepAlive, @DefaultValue("8") int maxPerUser,
                         @DefaultValue("30m") Duration maxDuration) {
}
