package dev.coda.query.projection;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The read model's one processing group, on one segment, so that its projections see every event in the
 * event store's order. Per-user order would not do: some rows are unique across users (an account, an email,
 * a pairing code), and the command side lets one user take what another just gave up. With the users on
 * separate segments, the taker's event could be projected before the giver's and be lost against the old row
 * (an account, whose unlink then deleted it) or fail until the other segment caught up. One segment also
 * spares the coordinator offering each event to every segment's work package. {@link ReadModelSegments} merges
 * the segments of a token store made before into one (docs/adr/0008).
 */
@Configuration
@EnableConfigurationProperties(ReadModelProperties.class)
public class ReadModel {

    /** The processing group (and streaming processor) name of every read-model projection. */
    public static final String PROCESSOR = "read-model";

    /** Timestamps in the read tables are {@code timestamp without time zone} holding UTC. */
    public static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
