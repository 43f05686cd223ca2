package dev.coda.runner;

import java.io.IOException;
import java.time.Duration;

/**
 * Makes a call to Coda until Coda answers it: while Coda is unreachable, times out, is busy or failing (408, 429,
 * 5xx), the call is made again after a pause that starts at {@link #FIRST_PAUSE} and doubles up to
 * {@link #LONGEST_PAUSE}, for {@link #PATIENCE} at most, after which the last failure is thrown. Any other
 * refusal is Coda's answer, and is thrown; so is an interruption.
 */
final class Retry {

    static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);
    /** Longer than an outage of Coda should last; a call that fails for longer fails for good, or for a reason of its own. */
    static final Duration PATIENCE = Duration.ofMinutes(15);

    interface Call<T> {
        T call() throws IOException, InterruptedException;
    }

    private Retry() {
    }

    /** Makes {@code call}, which does {@code what}, until Coda answers. */
    static <T> T untilAnswered(String what, Call<T> call) throws IOException, InterruptedException {
        return untilAnswered(what, call, PATIENCE);
    }

    /** The same, trying for {@code patience} instead of {@link #PATIENCE}. */
    static <T> T untilAnswered(String what, Call<T> call, Duration patience) throws IOException, InterruptedException {
        long giveUp = System.nanoTime() + patience.toNanos();
        Duration pause = FIRST_PAUSE;
        while (true) {
            try {
                return call.call();
            } catch (CodaApi.Refused refused) {
                if (!refused.isTransient() || System.nanoTime() - giveUp >= 0) {
                    throw refused;
                }
                System.err.println("Coda failed to " + what + " (HTTP " + refused.status + "); trying again in " + pause.toMillis() + " ms");
            } catch (IOException unreachable) {
                if (System.nanoTime() - giveUp >= 0) {
                    throw unreachable;
                }
                System.err.println("Cannot reach Coda to " + what + " (" + unreachable.getMessage() + "); trying again in "
                        + pause.toMillis() + " ms");
            }
            Thread.sleep(pause.toMillis()); // the pause before the next try, which an interruption ends
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }
}
