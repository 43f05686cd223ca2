package dev.coda.command.web;

import dev.coda.platform.consistency.ConsistencyToken;
import dev.coda.platform.http.EntityTags;
import java.time.Instant;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Answers a command with its consistency token: the global index of the newest event of the aggregate it
 * changed. Read after the command's transaction committed, so the token is at least the command's own
 * last event; a query carrying it sees the command's effect. A token that cannot be read (the database went
 * away, no connection free) is answered as 0, which no query waits for: the command committed, and an error
 * would have its client send it again (a second job, a second pairing).
 */
@Component
public class Consistency {

    private static final Logger log = LoggerFactory.getLogger(Consistency.class);

    private final JdbcClient jdbc;

    Consistency(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A response with the consistency token in the body (built by {@code body}) and in
     * {@value ConsistencyToken#HEADER}, and the changed resource's version as ETag when there is one.
     */
    public <T> ResponseEntity<T> respond(HttpStatus status, String aggregateId, Instant version, LongFunction<T> body) {
        long token = tokenOf(aggregateId);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
                .header(ConsistencyToken.HEADER, Long.toString(token));
        if (version != null) {
            response.eTag(EntityTags.of(version));
        }
        return response.body(body.apply(token));
    }

    private long tokenOf(String aggregateId) {
        try {
            return jdbc.sql("""
                            SELECT global_index FROM eventstore.domain_event_entry
                            WHERE aggregate_identifier = :aggregateId
                            ORDER BY sequence_number DESC LIMIT 1""")
                    .param("aggregateId", aggregateId)
                    .query(Long.class)
                    .optional()
                    .orElse(0L);
        } catch (DataAccessException unread) {
            log.warn("The consistency token of a committed command was not read; answered as 0: {}", unread.toString());
            return 0L;
        }
    }
}
