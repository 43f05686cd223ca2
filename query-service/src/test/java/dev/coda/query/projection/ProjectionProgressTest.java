package dev.coda.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.query.QueryServiceTest;
import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the read model's progress says: on an empty event store it is behind by nothing, not by one event; and a
 * rebuild switches only once its replay has seen every event the live rows hold, not merely their position.
 */
class ProjectionProgressTest extends QueryServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("projection_progress");

    @Autowired
    private MeterRegistry metrics;

    @Autowired
    private TokenStore tokens;

    @Autowired
    private TransactionTemplate transactions;

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

    @Test
    void aTokenAtTheSamePositionThatHasNotSeenALateEventDoesNotCover() {
        String replay = "replay-" + UUID.randomUUID();
        // at 10, but event 7 committed late and is not yet seen
        transactions.executeWithoutResult(status -> tokens.initializeTokenSegments(replay, 1,
                GapAwareTrackingToken.newInstance(10, Set.of(7L))));

        assertThat(progress.covers(replay, List.of(GapAwareTrackingToken.newInstance(10, Set.of())))).isFalse();
        assertThat(progress.covers(replay, List.of(GapAwareTrackingToken.newInstance(9, Set.of(7L))))).isTrue();
        assertThat(progress.covers(replay, List.of())).isTrue();
    }

    private double gauge() {
        return metrics.get("coda.read_model.lag.events").gauge().value();
    }
}
