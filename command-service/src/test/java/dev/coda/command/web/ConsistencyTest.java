package dev.coda.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.platform.consistency.ConsistencyToken;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A committed command is answered as committed, also when its consistency token cannot be read. */
class ConsistencyTest {

    @Test
    void aTokenThatCannotBeReadIsAnsweredAsZero() {
        // nothing listens on port 1: every connection is refused
        Consistency consistency = new Consistency(JdbcClient.create(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/coda")));

        ResponseEntity<String> answer = consistency.respond(HttpStatus.CREATED, "a-job", null, token -> "token " + token);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(answer.getHeaders().getFirst(ConsistencyToken.HEADER)).isEqualTo("0");
        assertThat(answer.getBody()).isEqualTo("token 0");
    }
}
