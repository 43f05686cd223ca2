package dev.coda.command.users;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.command.CommandServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The registry's rules hold between transactions that run at the same time, on one instance or two. */
class UserRegistryTest extends CommandServiceTest {

    @Autowired
    private UserRegistry registry;

    @Autowired
    private PlatformTransactionManager transactions;

    @Test
    void aSignInLinkIssuedWhileTheEmailChangesIsVoidedWithTheOldAddress() throws Exception {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        String user = "user-" + UUID.randomUUID();
        String oldEmail = user + "@example.com";
        String tokenId = "token-" + UUID.randomUUID();
        transaction.executeWithoutResult(status -> registry.register(user, oldEmail));
        CountDownLatch issued = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);

        CompletableFuture<Void> issuing = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
            registry.issueVerificationToken(tokenId, oldEmail.toUpperCase(), Instant.now().plusSeconds(3600));
            issued.countDown();
            awaitQuietly(commit);
        }));
        assertThat(issued.await(10, SECONDS)).isTrue();
        CompletableFuture<List<String>> changing = CompletableFuture.supplyAsync(
                () -> transaction.execute(status -> registry.changeEmail(user, "new-" + oldEmail)));
        awaitALockWait();
        commit.countDown();

        issuing.get(10, SECONDS);
        assertThat(changing.get(10, SECONDS)).containsExactly(tokenId);
    }

    /** Polls until a statement of this database waits for a row lock, which the change of email must do. */
    private void awaitALockWait() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (jdbc.sql("""
                        SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND wait_event_type = 'Lock'""")
                .query(Long.class).single() == 0) {
            assertThat(Instant.now()).as("the change of email waits for the link's transaction").isBefore(deadline);
            Thread.onSpinWait();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
