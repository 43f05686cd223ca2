package dev.coda.command.ideas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

/** Each user's bucket of renumberings: a whole board's worth, refilled at a steady rate. */
class PositionShiftsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final PositionShifts shifts = new PositionShifts(100, 1_000, nanos::get);

    @Test
    void aUserRenumbersABucketsWorthAtOnceThenWaitsForItToRefill() {
        shifts.take("ada", 600);
        shifts.take("ada", 400);

        assertThatThrownBy(() -> shifts.take("ada", 150)).isInstanceOfSatisfying(TooManyShifts.class,
                refused -> assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(2)));
        shifts.take("bob", 1_000); // every user has a bucket of their own
        nanos.addAndGet(Duration.ofMillis(1_500).toNanos());
        shifts.take("ada", 150);
    }

    @Test
    void moreThanABucketsWorthTakesAFullBucket() {
        shifts.take("ada", 5_000);

        assertThatThrownBy(() -> shifts.take("ada", 1)).isInstanceOf(TooManyShifts.class);
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        shifts.take("ada", 5_000);
    }

    @Test
    void aCommandRolledBackGivesBackWhatItTook() { // a concurrent change won, and the command is retried
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        shifts.take("ada", 1_000);
        unitOfWork.rollback();

        shifts.take("ada", 1_000);
        assertThatThrownBy(() -> shifts.take("ada", 1)).isInstanceOf(TooManyShifts.class);
    }

    @Test
    void aUserWhoseBucketFilledUpIsForgotten() {
        shifts.take("ada", 1_000);
        shifts.take("bob", 1);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());

        shifts.forgetFullBuckets();

        assertThat(shifts.users()).isOne(); // ada's bucket is not full again yet
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        shifts.forgetFullBuckets();
        assertThat(shifts.users()).isZero();
    }
}
