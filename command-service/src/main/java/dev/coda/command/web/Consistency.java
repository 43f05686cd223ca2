package dev.coda.command.web;

import dev.coda.platform.consistency.ConsistencyToken;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Issues a command's consistency token: the global index of the newest event of the aggregate it changed.
 * Read after the command's transaction committed, so the token is at least the command's own last event.
 */
@Component
public class Consistency {

    private final JdbcClient jdbc;

    Consistency(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long tokenOf(String aggregateId) {
        return jdbc.sql("""
                        SELECT global_index FROM eventstore.domain_event_entry
                        WHERE aggregate_identifier = :aggregateId
                        ORDER BY sequence_number DESC LIMIT 1""")
                .param("aggregateId", aggregateId)
                .query(Long.class)
                .single();
    }

    public <T> ResponseEntity<T> created(T body, long token) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(ConsistencyToken.HEADER, Long.toString(token))
                .body(body);
    }
}
