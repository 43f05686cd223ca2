package dev.coda.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.query.QueryServiceTest;
import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** On an empty event store the read model is behind by nothing, not by one event. */
class ProjectionLagTest extends QueryServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("projection_lag");

    @Autowired
    private MeterRegistry metrics;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        useDatabase(database, registry);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void anEmptyStoreIsNoLag() {
        Await.until("the processor claimed its segment", Duration.ofSeconds(30), () -> !Double.isNaN(gauge()));

        assertThat(headIndex()).isZero();
        assertThat(gauge()).isZero();
    }

    private double gauge() {
        return metrics.get("coda.read_model.lag.events").gauge().value();
    }
}
