package dev.coda.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A relay whose Kafka does not answer reports itself DOWN, within the health probe's short timeout. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // its engine would keep retrying a broker that is not there for the rest of the run
class KafkaUnreachableTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("relay_no_kafka");

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String bootstrap = "127.0.0.1:" + closedPort;
        registry.add("spring.kafka.bootstrap-servers", () -> bootstrap);
        RelayTestProperties.capture(registry, database);
        String slot = database.name(); // slots are the cluster's: one per run, as its database is
        registry.add("coda.relay.slot-name", () -> slot);
    }

    @AfterAll
    static void release(@Autowired ChangeRelay relay) {
        RelayTestProperties.release(relay, database);
    }

    @Test
    void healthIsDownWhenKafkaDoesNotAnswer() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        JsonNode body = new ObjectMapper().readTree(health.body());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("components").get("kafka").get("status").asText()).isEqualTo("DOWN");
        assertThat(tookMillis).as("the probe's timeout bounds the health call").isLessThan(5_000);
    }
}
