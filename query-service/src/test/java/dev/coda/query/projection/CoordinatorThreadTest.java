package dev.coda.query.projection;

import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.testsupport.Await;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoordinatorThreadTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final CoordinatorThread coordinator = new CoordinatorThread("test");
    private final TransactionManager transactions = coordinator.wokenByTransactions(NoTransactionManager.INSTANCE);
    private final AtomicInteger looks = new AtomicInteger();
    private final Runnable look = looks::incrementAndGet;

    @AfterEach
    void stop() {
        coordinator.shutdownNow();
    }

    @Test
    void aLookScheduledForLaterRunsAtOnceWhenATransactionStarts() {
        coordinator.schedule(look, 1, HOURS);

        transactions.startTransaction().commit();

        Await.until("the look brought forward", DEADLINE, () -> looks.get() == 1);
    }

    @Test
    void aLookBroughtForwardDoesNotRunAgainWhenItsTimeComes() {
        ScheduledFuture<?> due = coordinator.schedule(look, 200, MILLISECONDS);
        transactions.startTransaction().commit();
        Await.until("the look brought forward", DEADLINE, () -> looks.get() == 1);

        Await.until("its time", DEADLINE, due::isDone);

        assertThat(looks).hasValue(1);
    }

    @Test
    void aLookForNowRunsWithoutATransaction() {
        coordinator.schedule(look, 0, MILLISECONDS);

        Await.until("the look", DEADLINE, () -> looks.get() == 1);
    }

    @Test
    void aTransactionStillStartsOnceTheCoordinatorIsShutDown() {
        coordinator.schedule(look, 1, HOURS);
        coordinator.shutdownNow();

        transactions.startTransaction().commit();

        assertThat(looks).hasValue(0);
    }
}
