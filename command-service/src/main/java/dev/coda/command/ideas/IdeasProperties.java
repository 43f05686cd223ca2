package dev.coda.command.ideas;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param undoWindow    how long a deleted idea can be restored (the seed's 7-day recovery window)
 * @param purgeInterval how often the purger looks for ideas whose undo window has passed
 */
@ConfigurationProperties("coda.ideas")
public record IdeasProperties(@DefaultValue("7d") Duration undoWindow, @DefaultValue("1m") Duration purgeInterval) {
}
