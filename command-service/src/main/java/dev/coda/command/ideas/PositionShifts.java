package dev.coda.command.ideas;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * How many positions one user's commands may renumber. A move, a delete or a restore renumbers every idea (or
 * feature) between two places, and the read model writes each of those rows, for all users in turn (one segment,
 * ADR 0008): one user moving the first of 100,000 ideas to the end, again and again, would hold up everybody's
 * reads for seconds per command. So each user has a bucket of renumberings: a whole board's worth
 * ({@code coda.ideas.max-ideas-per-user}), refilled at {@code coda.ideas.position-shifts-per-second}; a command that
 * needs more than is left is refused with the time until there is enough, and one rolled back (a concurrent change
 * won, and it is retried) gives back what it took. Kept in memory: each instance counts its own, and a user whose
 * bucket is full has no entry.
 */
@Component
class PositionShifts {

    /** A user's renumberings left, as of {@code nanos}. */
    private record Bucket(double left, long nanos) {
    }

    private final double perSecond;
    private final double burst;
    private final LongSupplier clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Autowired
    PositionShifts(IdeasProperties properties) {
        this(properties.positionShiftsPerSecond(), properties.maxIdeasPerUser(), System::nanoTime);
    }

    PositionShifts(double perSecond, double burst, LongSupplier clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
    }

    /**
     * Takes {@code positions} renumberings from the user's bucket, or refuses the command that needs them; more than
     * a whole bucket's worth takes a full one.
     */
    void take(String userId, long positions) {
        if (positions <= 0) {
            return;
        }
        double needed = Math.min(positions, burst);
        long now = clock.getAsLong();
        double[] missing = {0};
        buckets.compute(userId, (user, bucket) -> {
            double left = leftAt(bucket, now);
            if (left < needed) {
                missing[0] = needed - left;
                return new Bucket(left, now);
            }
            return new Bucket(left - needed, now);
        });
        if (missing[0] > 0) {
            throw new TooManyShifts(Duration.ofSeconds((long) Math.ceil(missing[0] / perSecond)));
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().onRollback(rolledBack -> giveBack(userId, needed));
        }
    }

    private void giveBack(String userId, double positions) {
        long now = clock.getAsLong();
        buckets.computeIfPresent(userId, (user, bucket) -> new Bucket(Math.min(burst, leftAt(bucket, now) + positions), now));
    }

    /** Forgets the users whose buckets have filled up again. */
    @Scheduled(fixedDelay = 60_000)
    void forgetFullBuckets() {
        long now = clock.getAsLong();
        buckets.keySet().forEach(user -> buckets.computeIfPresent(user, (key, bucket) -> leftAt(bucket, now) >= burst ? null : bucket));
    }

    int users() {
        return buckets.size();
    }

    private double leftAt(Bucket bucket, long now) {
        return bucket == null ? burst : Math.min(burst, bucket.left() + (now - bucket.nanos()) / 1e9 * perSecond);
    }
}
