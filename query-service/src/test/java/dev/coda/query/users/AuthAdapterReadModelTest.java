package dev.coda.query.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import dev.coda.contracts.users.UserEvent;
import dev.coda.contracts.users.UserEvent.AccountLinked;
import dev.coda.contracts.users.UserEvent.AccountUnlinked;
import dev.coda.contracts.users.UserEvent.SessionStarted;
import dev.coda.contracts.users.UserEvent.UserDeleted;
import dev.coda.contracts.users.UserEvent.UserProfileChanged;
import dev.coda.contracts.users.UserEvent.UserRegistered;
import dev.coda.contracts.users.VerificationTokenEvent.VerificationTokenIssued;
import dev.coda.platform.secrets.DataKey;
import dev.coda.query.QueryServiceTest;
import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTokens;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Sealed user events open into the Auth.js tables; an erased user never comes back, not even in a rebuild. */
class AuthAdapterReadModelTest extends QueryServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("auth_adapter");
    private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        useDatabase(database, registry);
    }

    @Test
    void theAdapterReadsUsersAccountsAndSessionsOpenedFromSealedEvents() throws Exception {
        String user = UUID.randomUUID().toString();
        String email = "ada-" + user + "@example.com";
        DataKey key = dataKeys.create(user);
        append(user, 0, new UserRegistered(user, key.seal("Ada"), key.seal(email), EXPIRES, key.seal("https://example.com/a.png"), Instant.now()));
        append(user, 1, new AccountLinked(user, "github", key.seal("gh-" + user), "oauth", key.seal("refresh"), key.seal("access"),
                1_900_000_000L, "bearer", "read:user", key.seal("id-token"), null));
        append(user, 2, new SessionStarted(user, key.seal("session-" + user), EXPIRES));

        JsonNode byId = adapterGet("/api/users/" + user);
        assertThat(byId.get("name").asText()).isEqualTo("Ada");
        assertThat(byId.get("email").asText()).isEqualTo(email);
        assertThat(Instant.parse(byId.get("emailVerified").asText())).isEqualTo(EXPIRES);
        assertThat(adapterGet("/api/users?email=" + email).get("id").asText()).isEqualTo(user);
        assertThat(adapterGet("/api/users?email=" + email.toUpperCase(Locale.ROOT)).get("id").asText())
                .as("Auth.js asks with the address as typed").isEqualTo(user);
        assertThat(adapterGet("/api/accounts/github/gh-" + user + "/user").get("id").asText()).isEqualTo(user);
        JsonNode account = adapterGet("/api/accounts/github/gh-" + user);
        assertThat(account.get("access_token").asText()).isEqualTo("access");
        assertThat(account.get("expires_at").asInt()).isEqualTo(1_900_000_000);
        HttpResponse<String> session = lookup("session-" + user);
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(json.readTree(session.body()).at("/session/userId").asText()).isEqualTo(user);
        assertThat(json.readTree(session.body()).at("/user/email").asText()).isEqualTo(email);

        assertThat(lookup("no-such-session").statusCode()).isEqualTo(404);
        assertThat(send(request("/api/users/" + user, TestTokens.user(user))).statusCode()).isEqualTo(403);
    }

    @Test
    void aDeletedUserIsErasedWithWhatTheyOwnedAndARebuildDoesNotBringThemBack() throws Exception {
        String erased = registerUser();
        String kept = registerUser();
        UUID erasedIdea = createIdea(erased);
        UUID keptIdea = createIdea(kept);
        awaitProjection();
        assertThat(count("ideas", "id", erasedIdea)).isOne();

        dataKeys.destroy(erased);
        append(erased, 1, new UserDeleted(erased, Instant.now()));
        awaitProjection();
        assertThat(count("users", "id", erased)).isZero();
        assertThat(count("ideas", "id", erasedIdea)).isZero();

        startRebuild();
        awaitRebuilt();

        assertThat(count("users", "id", erased)).isZero();
        assertThat(count("ideas", "id", erasedIdea)).isZero();
        assertThat(count("users", "id", kept)).isOne();
        assertThat(count("ideas", "id", keptIdea)).isOne();
    }

    /**
     * By the key the command side keeps emails unique by ({@code Emails.key}), not by PostgreSQL's {@code lower()}: under
     * the C locale that folds only ASCII, so an email taken on the command side was not found here.
     */
    @Test
    void aUserIsFoundByTheirEmailInAnyCaseOfAnyAlphabet() throws Exception {
        String user = UUID.randomUUID().toString();
        String email = "ΑΘΗΝΑ-Élodie-" + user + "@Example.com";
        register(user, email);

        for (String asTyped : List.of(email, "αθηνα-élodie-" + user + "@example.com", email.toUpperCase(Locale.ROOT))) {
            assertThat(adapterGet("/api/users?email=" + URLEncoder.encode(asTyped, StandardCharsets.UTF_8)).get("id").asText())
                    .as(asTyped).isEqualTo(user);
        }
    }

    @Test
    void aDeletedUsersVerificationTokensGoWhateverTheCaseOfTheirEmail() {
        String erased = UUID.randomUUID().toString();
        register(erased, "Élodie-" + erased + "@Example.com");
        String kept = registerUser();
        verificationToken("élodie-" + erased + "@example.com");
        verificationToken(kept + "@example.com");
        awaitProjection();
        assertThat(count("verification_tokens", "identifier", "élodie-" + erased + "@example.com")).isOne();

        dataKeys.destroy(erased);
        append(erased, 1, new UserDeleted(erased, Instant.now()));
        awaitProjection();

        assertThat(count("verification_tokens", "identifier", "élodie-" + erased + "@example.com")).isZero();
        assertThat(count("verification_tokens", "identifier", kept + "@example.com")).isOne();
        assertThat(count("user_email_keys", "user_id", erased)).isZero();
    }

    @Test
    void aNewEmailVoidsTheVerificationTokensOfTheOldOne() throws Exception {
        String user = UUID.randomUUID().toString();
        register(user, "Élodie-" + user + "@Example.com");
        verificationToken("élodie-" + user + "@example.com");
        verificationToken(user + "@new.example.com");
        DataKey key = dataKeys.find(user).orElseThrow();

        append(user, 1, new UserProfileChanged(user, null, key.seal(user + "@new.example.com"), null, null, Instant.now()));
        awaitProjection();

        assertThat(count("verification_tokens", "identifier", "élodie-" + user + "@example.com")).isZero();
        assertThat(count("verification_tokens", "identifier", user + "@new.example.com")).isOne();
        assertThat(count("users", "email", user + "@new.example.com")).isOne();
        assertThat(adapterGet("/api/users?email=" + user.toUpperCase(Locale.ROOT) + "@NEW.example.com").get("id").asText())
                .isEqualTo(user);
        assertThat(send(request("/api/users?email=" + URLEncoder.encode("élodie-" + user + "@example.com", StandardCharsets.UTF_8),
                TestTokens.authAdapter()).header("X-Consistency-Token", Long.toString(headIndex()))).statusCode())
                .as("the old email finds no one").isEqualTo(404);
    }

    private void register(String user, String email) {
        DataKey key = dataKeys.create(user);
        append(user, 0, new UserRegistered(user, key.seal("Élodie"), key.seal(email), null, null, Instant.now()));
    }

    private void verificationToken(String identifier) {
        String tokenId = "verification:" + UUID.randomUUID();
        DataKey key = dataKeys.create(tokenId);
        eventStore.publish(new GenericDomainEventMessage<>("VerificationToken", tokenId, 0, new VerificationTokenIssued(
                tokenId, key.seal(identifier), key.seal(UUID.randomUUID().toString()), Instant.now().plusSeconds(600))));
    }

    @Test
    void eventsOfAUserWhoseKeyIsAlreadyGoneAreSkippedWithoutHoldingUpOthers() {
        String gone = UUID.randomUUID().toString();
        DataKey key = dataKeys.create(gone);
        append(gone, 0, new UserRegistered(gone, key.seal("Gone"), key.seal(gone + "@example.com"), null, null, Instant.now()));
        dataKeys.destroy(gone);
        UUID goneIdea = createIdea(gone);
        String other = registerUser();
        awaitProjection();

        assertThat(count("users", "id", gone)).isZero();
        assertThat(count("ideas", "id", goneIdea)).isZero();
        assertThat(count("users", "id", other)).isOne();
    }

    @Test
    void anEventAppendedAfterItsUsersDeletionWasProjectedElsewhereIsSkipped() {
        String deleted = registerUser();
        awaitProjection();
        // as another instance of this service leaves it: the deletion projected, the key destroyed
        jdbc.sql("DELETE FROM users WHERE id = :id").param("id", deleted).update();
        dataKeys.destroy(deleted);

        UUID late = createIdea(deleted); // a command that passed its checks just before the deletion committed
        String other = registerUser();
        awaitProjection();

        assertThat(count("ideas", "id", late)).isZero();
        assertThat(count("users", "id", other)).as("the read model went on").isOne();
    }

    @Test
    void anEventAProjectionFailsOnIsTriedAgainNotSkipped() {
        String user = UUID.randomUUID().toString();
        DataKey key = dataKeys.create(user);
        byte[] wrapped = jdbc.sql("SELECT wrapped_key FROM eventstore.data_keys WHERE subject = :user")
                .param("user", user).query(byte[].class).single();
        setWrappedKey(user, new byte[wrapped.length]); // the key no longer opens: a handler fails, not its SQL
        append(user, 0, new UserRegistered(user, key.seal("Ada"), key.seal(user + "@example.com"), null, null, Instant.now()));

        Await.until("the failed batch let its segment go", Duration.ofSeconds(30), () -> jdbc.sql(
                "SELECT bool_or(owner IS NULL) FROM token_entry WHERE processor_name = 'read-model'").query(Boolean.class).single());
        setWrappedKey(user, wrapped);

        Await.until("the event projected once its key opens", Duration.ofSeconds(30), () -> count("users", "id", user) == 1);
    }

    private void setWrappedKey(String subject, byte[] wrapped) {
        jdbc.sql("UPDATE eventstore.data_keys SET wrapped_key = :wrapped WHERE subject = :subject")
                .param("wrapped", wrapped).param("subject", subject).update();
    }

    @Test
    void anAccountOneUserGaveUpIsTheNextOnesHoweverBusyTheFirstWas() throws Exception {
        String first = UUID.randomUUID().toString();
        String next;
        do { // two users whose events two segments of the processor would split between them
            next = UUID.randomUUID().toString();
        } while ((next.hashCode() & 1) == (first.hashCode() & 1));
        DataKey firstKey = dataKeys.create(first);
        DataKey nextKey = dataKeys.create(next);
        append(first, 0, new UserRegistered(first, firstKey.seal("Ada"), firstKey.seal(first + "@example.com"), null, null, Instant.now()));
        append(next, 0, new UserRegistered(next, nextKey.seal("Bo"), nextKey.seal(next + "@example.com"), null, null, Instant.now()));
        String account = "gh-shared-" + first;
        append(first, 1, linked(first, firstKey, account));
        eventStore.publish(IntStream.range(0, 2_000).mapToObj(position -> new GenericDomainEventMessage<>("IdeaBoard",
                first + ":ideas", position, new IdeaCreated(first, UUID.randomUUID(), "busy", null, null, null, position, null,
                        Instant.now().truncatedTo(ChronoUnit.MICROS))))
                .toList());
        append(first, 2, new AccountUnlinked(first, "github", firstKey.seal(account)));
        append(next, 1, linked(next, nextKey, account)); // as the command side allows once the first let go
        awaitProjection();

        assertThat(adapterGet("/api/accounts/github/" + account + "/user").get("id").asText()).isEqualTo(next);
    }

    private static AccountLinked linked(String user, DataKey key, String providerAccountId) {
        return new AccountLinked(user, "github", key.seal(providerAccountId), "oauth", null, null, null, null, null, null, null);
    }

    private void append(String user, long sequence, UserEvent event) {
        eventStore.publish(new GenericDomainEventMessage<>("User", user, sequence, event));
    }

    private UUID createIdea(String user) {
        UUID idea = UUID.randomUUID();
        eventStore.publish(new GenericDomainEventMessage<>("IdeaBoard", user + ":ideas", 0,
                new IdeaCreated(user, idea, "idea", null, null, null, 0, null, Instant.now().truncatedTo(ChronoUnit.MICROS))));
        return idea;
    }

    @Test
    void aNulCharacterInALookupIsTheClientsMistake() throws Exception {
        HttpResponse<String> byEmail = send(request("/api/users?email=a%00b@example.com", TestTokens.authAdapter()));
        HttpResponse<String> bySession = send(request("/api/sessions/lookup", TestTokens.authAdapter())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sessionToken\":\"a\\u0000b\"}")));

        for (HttpResponse<String> response : List.of(byEmail, bySession)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(json.readTree(response.body()).get("errors").get(0).get("message").asText())
                    .isEqualTo("must not contain NUL characters");
        }
        assertThat(json.readTree(byEmail.body()).get("errors").get(0).get("field").asText()).isEqualTo("email");
        assertThat(json.readTree(bySession.body()).get("errors").get(0).get("field").asText()).isEqualTo("sessionToken");
    }

    private long count(String table, String column, Object value) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE " + column + " = :value").param("value", value)
                .query(Long.class).single();
    }

    private JsonNode adapterGet(String path) throws Exception {
        HttpResponse<String> response = send(request(path, TestTokens.authAdapter())
                .header("X-Consistency-Token", Long.toString(headIndex())));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> lookup(String sessionToken) throws Exception {
        return send(request("/api/sessions/lookup", TestTokens.authAdapter())
                .header("X-Consistency-Token", Long.toString(headIndex()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sessionToken\":\"" + sessionToken + "\"}")));
    }
}
