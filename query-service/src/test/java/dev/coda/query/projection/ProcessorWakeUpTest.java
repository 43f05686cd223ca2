package dev.coda.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.query.QueryServiceTest;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A caught-up processor reads appended events when the append is notified. The fallback poll is a minute
 * here, and Axon's own re-check of an idle processor comes every 5 s with its claim extension: events
 * projected one after another within a second each were each brought in by their notification.
 */
class ProcessorWakeUpTest extends QueryServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("wake_up");
    private static final Duration WITHIN = Duration.ofSeconds(1);

    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private MeterRegistry metrics;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        useDatabase(database, registry);
        registry.add("coda.event-store.fallback-poll", () -> "1m");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void eachAppendIsProjectedAsSoonAsItIsNotified() {
        registerUser();
        awaitProjection(); // the processors have claimed their segments and caught up

        for (int i = 0; i < 5; i++) {
            registerUser();
            assertThat(progress.awaitPassed(headIndex(), WITHIN)).as("append %d projected within %s", i, WITHIN).isTrue();
        }
    }

    @Test
    void theLagMetricsCountWhatTheProcessorHasNotHandledYet() {
        registerUser();
        awaitProjection();
        assertThat(gauge("coda.read_model.lag.events")).isZero();
        assertThat(gauge("coda.read_model.lag")).isZero();

        StreamingEventProcessor processor = processing
                .eventProcessor(ReadModel.PROCESSOR, StreamingEventProcessor.class).orElseThrow();
        processor.shutDown();
        try {
            registerUser();
            registerUser();
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // gives the oldest unhandled event an age
            // a stopped processor claims no segment: the gauges say so rather than guess
            assertThat(gauge("coda.read_model.lag.events")).isNaN();
        } finally {
            processor.start();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        double behind = Double.NaN;
        while (Double.isNaN(behind) || behind > 0) {
            assertThat(System.nanoTime()).as("lag %s events", behind).isLessThan(deadline);
            // the age first: the processor only moves on, so if the count read after it is still 2, both events
            // were unhandled when the age was read too (the other order failed when the catch-up fell in between)
            double age = gauge("coda.read_model.lag");
            behind = gauge("coda.read_model.lag.events");
            if (behind == 2 && !Double.isNaN(age)) {
                assertThat(age).isPositive();
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos()); // polling with a deadline
        }
        awaitProjection();
        assertThat(gauge("coda.read_model.lag")).isZero();
    }

    private double gauge(String name) {
        return metrics.get(name).gauge().value();
    }
}
