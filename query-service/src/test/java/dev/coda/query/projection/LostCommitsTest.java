package dev.coda.query.projection;

import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import dev.coda.query.QueryServiceTest;
import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A batch that PostgreSQL lost, rows and token together (a crash before commits made without waiting for the disk
 * reached it, ADR 0010), is projected again, although the processor kept running with the newer token in memory.
 */
class LostCommitsTest extends QueryServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("lost_commits");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        useDatabase(database, registry);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void aBatchTheDatabaseLostIsProjectedAgainWithTheNext() {
        String user = registerUser();
        UUID lost = loseABatch(user);

        UUID next = createIdea(user, 1);

        Await.until("the lost idea projected again", Duration.ofSeconds(30), () -> ideas(lost) == 1);
        Await.until("the next idea projected", Duration.ofSeconds(10), () -> ideas(next) == 1);
    }

    @Test
    void anIdleProcessorNoticesTheLossWhenItExtendsItsClaim() {
        UUID lost = loseABatch(registerUser());

        Await.until("the lost idea projected again", Duration.ofSeconds(30), () -> ideas(lost) == 1);
    }

    /** What a crash of PostgreSQL alone leaves behind: a batch's rows and its token gone, the processor running. */
    private UUID loseABatch(String user) {
        awaitProjection();
        Map<String, Object> tokenBefore = jdbc.sql("SELECT token, token_type FROM token_entry WHERE processor_name = :processor")
                .param("processor", ReadModel.PROCESSOR).query().singleRow();
        UUID lost = createIdea(user, 0);
        awaitProjection();

        jdbc.sql("DELETE FROM ideas WHERE id = :id").param("id", lost).update();
        jdbc.sql("UPDATE token_entry SET token = :token, token_type = :type WHERE processor_name = :processor")
                .param("token", tokenBefore.get("token")).param("type", tokenBefore.get("token_type"))
                .param("processor", ReadModel.PROCESSOR).update();
        return lost;
    }

    private UUID createIdea(String user, int sequence) {
        UUID idea = UUID.randomUUID();
        eventStore.publish(new GenericDomainEventMessage<>("IdeaBoard", user + ":ideas", sequence,
                new IdeaCreated(user, idea, "Idea " + sequence, null, null, null, sequence, null, Instant.now())));
        return idea;
    }

    private long ideas(UUID id) {
        return jdbc.sql("SELECT count(*) FROM ideas WHERE id = :id").param("id", id).query(Long.class).single();
    }
}
