package dev.coda.command.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.command.CommandServiceTest;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The auth adapter's write API: every bad input, every conflict, who may call it, and what deletion does. */
class AuthAdapterApiTest extends CommandServiceTest {

    private static final String ADAPTER = TestTokens.authAdapter();
    private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

    @Autowired
    private ExpirySweeper sweeper;

    @Test
    void badInputIsA400NamingEveryOffendingFieldAndStoresNothing() throws Exception {
        String user = registerUser();
        long eventsBefore = eventCount();

        assertFields(send("POST", "/api/users", ADAPTER, "{\"name\":\"" + "n".repeat(201) + "\",\"image\":\"not a url\"}"),
                "email", "image", "name");
        assertFields(send("PATCH", "/api/users/" + user, ADAPTER, "{}"), "changing");
        assertFields(send("PATCH", "/api/users/" + user, ADAPTER, "{\"email\":\"nope\"}"), "email");
        assertFields(send("PATCH", "/api/users/" + user, ADAPTER, "{\"email\":\"\"}"), "email");
        assertFields(send("POST", "/api/accounts", ADAPTER,
                "{\"userId\":\"" + user + "\",\"type\":\"password\",\"provider\":\"\",\"expires_at\":-1,"
                        + "\"access_token\":\"" + "a".repeat(16_385) + "\"}"),
                "access_token", "expires_at", "provider", "providerAccountId", "type");
        assertFields(send("POST", "/api/sessions", ADAPTER, "{\"userId\":\"" + user + "\"}"), "expires", "sessionToken");
        assertFields(send("PATCH", "/api/sessions", ADAPTER, "{\"sessionToken\":\"s\",\"expires\":\"tomorrow\"}"), "expires");
        assertFields(send("POST", "/api/verification-tokens", ADAPTER, "{\"identifier\":\" \",\"token\":\"t\"}"),
                "expires", "identifier");
        assertFields(send("POST", "/api/verification-tokens/use", ADAPTER, "{\"identifier\":\"a@example.com\"}"), "token");

        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    void onlyTheAuthAdapterMayWrite() throws Exception {
        String user = registerUser();
        String userToken = TestTokens.user(user);

        assertThat(send("PATCH", "/api/users/" + user, userToken, "{\"name\":\"Mallory\"}").statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/users/" + user, userToken, null).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/sessions", userToken, session("s-" + UUID.randomUUID(), user)).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/verification-tokens", null, verification("a@example.com", "t")).statusCode()).isEqualTo(401);
    }

    @Test
    void oneAccountPerProviderAccountAndOneSessionPerTokenWithoutSecretsInTheAnswer() throws Exception {
        String ada = registerUser();
        String eve = registerUser();
        String sessionToken = "session-" + UUID.randomUUID();
        assertThat(send("POST", "/api/accounts", ADAPTER, account(ada, "42", "access-" + UUID.randomUUID())).statusCode()).isEqualTo(201);
        assertThat(send("POST", "/api/sessions", ADAPTER, session(sessionToken, ada)).statusCode()).isEqualTo(201);
        long eventsBefore = eventCount();

        String plantedAccessToken = "access-" + UUID.randomUUID();
        HttpResponse<String> secondLink = send("POST", "/api/accounts", ADAPTER, account(eve, "42", plantedAccessToken));
        HttpResponse<String> secondSession = send("POST", "/api/sessions", ADAPTER, session(sessionToken, eve));

        assertProblem(secondLink, 409);
        assertThat(body(secondLink).get("type").asText()).endsWith("account-already-linked");
        assertProblem(secondSession, 409);
        assertThat(body(secondSession).get("type").asText()).endsWith("session-exists");
        assertThat(secondLink.body()).doesNotContain(plantedAccessToken);
        assertThat(secondSession.body()).doesNotContain(sessionToken);
        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    void unknownUsersSessionsAccountsAndTokensAreNotFound() throws Exception {
        String nobody = "nobody-" + UUID.randomUUID();

        assertProblem(send("PATCH", "/api/users/" + nobody, ADAPTER, "{\"name\":\"x\"}"), 404);
        assertProblem(send("POST", "/api/accounts", ADAPTER, account(nobody, "7", "a")), 404);
        assertProblem(send("DELETE", "/api/accounts/github/unknown-" + UUID.randomUUID(), ADAPTER, null), 404);
        assertProblem(send("POST", "/api/sessions", ADAPTER, session("s-" + UUID.randomUUID(), nobody)), 404);
        assertProblem(send("PATCH", "/api/sessions", ADAPTER, "{\"sessionToken\":\"unknown\",\"expires\":\"" + EXPIRES + "\"}"), 404);
        assertProblem(send("POST", "/api/sessions/delete", ADAPTER, "{\"sessionToken\":\"unknown\"}"), 404);
        assertProblem(send("POST", "/api/verification-tokens/use", ADAPTER, "{\"identifier\":\"a@example.com\",\"token\":\"unknown\"}"), 404);
    }

    @Test
    void aVerificationTokenIsUsedOnceAndNeverAfterItExpires() throws Exception {
        String identifier = "ada-" + UUID.randomUUID() + "@example.com";
        assertThat(send("POST", "/api/verification-tokens", ADAPTER, verification(identifier, "magic")).statusCode()).isEqualTo(201);
        assertProblem(send("POST", "/api/verification-tokens", ADAPTER, verification(identifier, "magic")), 409);
        assertThat(send("POST", "/api/verification-tokens", ADAPTER,
                "{\"identifier\":\"" + identifier + "\",\"token\":\"old\",\"expires\":\"2020-01-01T00:00:00Z\"}").statusCode())
                .isEqualTo(201);

        HttpResponse<String> used = send("POST", "/api/verification-tokens/use", ADAPTER, reference(identifier, "magic"));

        assertThat(used.statusCode()).isEqualTo(200);
        assertThat(body(used).get("identifier").asText()).isEqualTo(identifier);
        assertThat(body(used).get("token").asText()).isEqualTo("magic");
        assertThat(Instant.parse(body(used).get("expires").asText())).isEqualTo(EXPIRES);
        assertProblem(send("POST", "/api/verification-tokens/use", ADAPTER, reference(identifier, "magic")), 404);
        assertProblem(send("POST", "/api/verification-tokens/use", ADAPTER, reference(identifier, "old")), 404);
    }

    @Test
    void aTokenThatExpiredUnusedIsSweptWithItsKeyAndOneNotExpiredYetWaitsForItsExpiry() throws Exception {
        String identifier = "sweep-" + UUID.randomUUID() + "@example.com";
        String expired = VerificationToken.idOf(identifier, "expired");
        String valid = VerificationToken.idOf(identifier, "valid");
        send("POST", "/api/verification-tokens", ADAPTER,
                "{\"identifier\":\"" + identifier + "\",\"token\":\"expired\",\"expires\":\"2020-01-01T00:00:00Z\"}");
        send("POST", "/api/verification-tokens", ADAPTER, verification(identifier, "valid"));
        // as a token issued before the registry kept expiries: due at once
        jdbc.sql("UPDATE eventstore.verification_registry SET sweep_at = now() WHERE token_id = :id").param("id", valid).update();

        sweeper.sweepExpiredTokens();

        assertThat(jdbc.sql("SELECT wrapped_key IS NULL FROM eventstore.data_keys WHERE subject = :id")
                .param("id", expired).query(Boolean.class).single()).as("the expired token's key destroyed").isTrue();
        assertThat(jdbc.sql("SELECT payload_type FROM eventstore.domain_event_entry WHERE aggregate_identifier = :id"
                        + " ORDER BY sequence_number").param("id", expired).query(String.class).list())
                .last().asString().endsWith("VerificationTokenExpired");
        assertThat(jdbc.sql("SELECT sweep_at FROM eventstore.verification_registry WHERE token_id IN (:ids)")
                .param("ids", List.of(expired, valid)).query(Timestamp.class).list().stream().map(Timestamp::toInstant))
                .as("only the valid token's row is left, due at its expiry").containsExactly(EXPIRES);
        assertThat(send("POST", "/api/verification-tokens/use", ADAPTER, reference(identifier, "valid")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aSessionThatExpiredIsEndedByTheSweepAndOneExtendedMeanwhileIsNot() throws Exception {
        String user = registerUser();
        String expired = "expired-" + UUID.randomUUID();
        String extended = "extended-" + UUID.randomUUID();
        for (String token : List.of(expired, extended)) {
            assertThat(send("POST", "/api/sessions", ADAPTER, "{\"sessionToken\":\"" + token + "\",\"userId\":\"" + user
                    + "\",\"expires\":\"2020-01-01T00:00:00Z\"}").statusCode()).isEqualTo(201);
        }
        assertThat(send("PATCH", "/api/sessions", ADAPTER, "{\"sessionToken\":\"" + extended + "\",\"expires\":\"" + EXPIRES
                + "\"}").statusCode()).isEqualTo(200);

        sweeper.sweepExpiredSessions();

        assertThat(jdbc.sql("SELECT expires_at FROM eventstore.session_registry WHERE user_id = :user").param("user", user)
                .query(Timestamp.class).list().stream().map(Timestamp::toInstant)).as("only the extended session is left")
                .containsExactly(EXPIRES);
        assertThat(jdbc.sql("SELECT payload_type FROM eventstore.domain_event_entry WHERE aggregate_identifier = :user"
                        + " ORDER BY sequence_number").param("user", user).query(String.class).list())
                .last().asString().endsWith("SessionEnded");
        assertProblem(send("POST", "/api/sessions/delete", ADAPTER, "{\"sessionToken\":\"" + expired + "\"}"), 404);
        assertThat(send("POST", "/api/sessions/delete", ADAPTER, "{\"sessionToken\":\"" + extended + "\"}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aSessionStartedBeforeTheRegistryKeptExpiriesIsSweptOnceExtended() throws Exception {
        String user = registerUser();
        String token = "older-" + UUID.randomUUID();
        send("POST", "/api/sessions", ADAPTER, session(token, user));
        jdbc.sql("UPDATE eventstore.session_registry SET expires_at = NULL, sealed_token = NULL WHERE user_id = :user")
                .param("user", user).update(); // as V10 found it

        sweeper.sweepExpiredSessions();
        assertThat(send("PATCH", "/api/sessions", ADAPTER, "{\"sessionToken\":\"" + token
                + "\",\"expires\":\"2020-01-01T00:00:00Z\"}").statusCode()).as("not swept before").isEqualTo(200);
        sweeper.sweepExpiredSessions();

        assertThat(jdbc.sql("SELECT count(*) FROM eventstore.session_registry WHERE user_id = :user").param("user", user)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT payload_type FROM eventstore.domain_event_entry WHERE aggregate_identifier = :user"
                        + " ORDER BY sequence_number").param("user", user).query(String.class).list())
                .last().asString().endsWith("SessionEnded");
    }

    @Test
    void aTokenThatAnotherInstanceIssuedMeanwhileIsA409AndStoresNothing() throws Exception {
        String identifier = "race-" + UUID.randomUUID() + "@example.com";
        // as the other instance's commit leaves it, before this instance has loaded the token's events
        jdbc.sql("INSERT INTO eventstore.verification_registry (token_id, identifier_hash, sweep_at) VALUES (:id, 'other', now())")
                .param("id", VerificationToken.idOf(identifier, "magic")).update();
        long eventsBefore = eventCount();

        assertProblem(send("POST", "/api/verification-tokens", ADAPTER, verification(identifier, "magic")), 409);
        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    void deletingAUserForgetsThemEverywhereAndTheirTokensStopWorking() throws Exception {
        String user = registerUser();
        String userToken = TestTokens.user(user);
        assertThat(send("POST", "/api/ideas", userToken, "{\"title\":\"mine\"}").statusCode()).isEqualTo(201);
        assertThat(send("POST", "/api/accounts", ADAPTER, account(user, UUID.randomUUID().toString(), "a")).statusCode()).isEqualTo(201);
        assertThat(send("POST", "/api/sessions", ADAPTER, session("s-" + UUID.randomUUID(), user)).statusCode()).isEqualTo(201);

        assertThat(send("DELETE", "/api/users/" + user, ADAPTER, null).statusCode()).isEqualTo(200);

        assertThat(send("POST", "/api/ideas", userToken, "{\"title\":\"after\"}").statusCode()).isEqualTo(401);
        assertProblem(send("DELETE", "/api/users/" + user, ADAPTER, null), 404);
        assertProblem(send("PATCH", "/api/users/" + user, ADAPTER, "{\"name\":\"back\"}"), 404);
        for (String registry : List.of("user_registry", "account_registry", "session_registry")) {
            assertThat(jdbc.sql("SELECT count(*) FROM eventstore." + registry + " WHERE user_id = :user")
                    .param("user", user).query(Long.class).single()).as(registry).isZero();
        }
        assertThat(jdbc.sql("SELECT wrapped_key IS NULL FROM eventstore.data_keys WHERE subject = :user")
                .param("user", user).query(Boolean.class).single()).as("key destroyed").isTrue();
    }

    @Test
    void aNewEmailVoidsTheLinksSentToTheOldOneAndDeletingTheUserAnyLeft() throws Exception {
        String oldEmail = "old-" + UUID.randomUUID() + "@example.com";
        String user = body(send("POST", "/api/users", ADAPTER, "{\"email\":\"" + oldEmail + "\"}")).get("id").asText();
        String newEmail = "new-" + UUID.randomUUID() + "@example.com";
        String oldAsTyped = oldEmail.toUpperCase(Locale.ROOT);
        send("POST", "/api/verification-tokens", ADAPTER, verification(oldAsTyped, "to-old"));

        assertThat(send("PATCH", "/api/users/" + user, ADAPTER, "{\"email\":\"" + newEmail + "\"}").statusCode()).isEqualTo(200);
        send("POST", "/api/verification-tokens", ADAPTER, verification(newEmail, "to-new"));
        assertThat(send("DELETE", "/api/users/" + user, ADAPTER, null).statusCode()).isEqualTo(200);

        for (String id : List.of(VerificationToken.idOf(oldAsTyped, "to-old"), VerificationToken.idOf(newEmail, "to-new"))) {
            assertThat(jdbc.sql("SELECT wrapped_key IS NULL FROM eventstore.data_keys WHERE subject = :id")
                    .param("id", id).query(Boolean.class).single()).as("key of %s destroyed", id).isTrue();
        }
        assertProblem(send("POST", "/api/verification-tokens/use", ADAPTER, reference(oldAsTyped, "to-old")), 404);
    }

    @Test
    void secretsAndPersonalDataNeverRestInClearInTheEventStore() throws Exception {
        String planted = UUID.randomUUID().toString();
        HttpResponse<String> created = send("POST", "/api/users", ADAPTER,
                "{\"name\":\"name-" + planted + "\",\"email\":\"mail-" + planted + "@example.com\",\"image\":\"https://example.com/" + planted + ".png\"}");
        String user = body(created).get("id").asText();
        send("POST", "/api/accounts", ADAPTER, account(user, "account-" + planted, "access-" + planted));
        send("POST", "/api/sessions", ADAPTER, session("session-" + planted, user));
        send("POST", "/api/verification-tokens", ADAPTER, verification("identifier-" + planted + "@example.com", "token-" + planted));

        String everything = jdbc.sql("""
                        SELECT string_agg(t::text, ' ') FROM (
                            SELECT e::text AS t FROM eventstore.domain_event_entry e
                            UNION ALL SELECT r::text FROM eventstore.user_registry r
                            UNION ALL SELECT r::text FROM eventstore.account_registry r
                            UNION ALL SELECT r::text FROM eventstore.session_registry r
                            UNION ALL SELECT r::text FROM eventstore.verification_registry r
                            UNION ALL SELECT k::text FROM eventstore.data_keys k) everything""")
                .query(String.class).single();
        assertThat(everything).contains(user).doesNotContain(planted);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return send(method, path, token, body, Map.of());
    }

    private static void assertFields(HttpResponse<String> response, String... expected) throws Exception {
        assertProblem(response, 400);
        assertThat(fields(response)).containsExactlyInAnyOrder(expected);
    }

    private static String account(String userId, String providerAccountId, String accessToken) {
        return """
                {"userId":"%s","type":"oauth","provider":"github","providerAccountId":"%s","access_token":"%s",
                 "refresh_token":"refresh","expires_at":1900000000,"token_type":"bearer","scope":"read:user"}"""
                .formatted(userId, providerAccountId, accessToken);
    }

    private static String session(String sessionToken, String userId) {
        return "{\"sessionToken\":\"" + sessionToken + "\",\"userId\":\"" + userId + "\",\"expires\":\"" + EXPIRES + "\"}";
    }

    private static String verification(String identifier, String token) {
        return "{\"identifier\":\"" + identifier + "\",\"token\":\"" + token + "\",\"expires\":\"" + EXPIRES + "\"}";
    }

    private static String reference(String identifier, String token) {
        return "{\"identifier\":\"" + identifier + "\",\"token\":\"" + token + "\"}";
    }
}
