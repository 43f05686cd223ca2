package dev.coda.system;

import static dev.coda.system.AuthAdapter.assertNotFound;
import static dev.coda.system.AuthAdapter.assertProblem;
import static dev.coda.system.AuthAdapter.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coda.system.AuthAdapter.Written;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The Auth.js adapter contract over HTTP, against the three services as processes: every adapter call in the
 * order a user's sign-in life goes through them (create, find by email, link, find by account, sessions,
 * profile change, unlink, magic-link tokens, delete), each read seeing the write before it through the
 * write's consistency token. And the uniqueness rules under contention: of eight concurrent claims of one
 * email (in any letter case), one provider account or one session token, exactly one wins, the others are
 * 409 problems of the rule's type, and the read model holds exactly one row.
 */
class AuthAdapterContractIT extends SystemTest {

    private static final int CONTENDERS = 8;
    private static final Instant IN_A_MONTH = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);

    private final AuthAdapter adapter = new AuthAdapter(system);

    @Test
    void anAdapterGoesThroughEveryCallOfTheContractInOrder() throws Exception {
        String email = uniqueEmail("ada");
        Written created = adapter.create("/api/users", Map.of("name", "Ada", "email", email,
                "emailVerified", "2024-05-01T10:00:00Z", "image", "https://img.example.com/ada.png"));
        String userId = created.id();
        JsonNode user = ok(adapter.read(byEmail(email), created.consistencyToken()));
        assertThat(user.get("id").asText()).isEqualTo(userId);
        assertThat(user.get("name").asText()).isEqualTo("Ada");
        assertThat(Instant.parse(user.get("emailVerified").asText())).isEqualTo("2024-05-01T10:00:00Z");

        String providerAccountId = unique("gh");
        String account = "/api/accounts/github/" + providerAccountId;
        Map<String, Object> linked = AuthAdapter.account(userId, "github", providerAccountId, AuthAdapterContractIT::unique);
        long link = adapter.create("/api/accounts", linked).consistencyToken();
        assertThat(ok(adapter.read(account + "/user", link)).get("id").asText()).isEqualTo(userId);
        JsonNode stored = ok(adapter.read(account, link));
        linked.forEach((field, value) -> assertThat(stored.get(field).asText()).as(field).isEqualTo(value.toString()));

        String sessionToken = unique("session");
        Written session = adapter.create("/api/sessions",
                Map.of("sessionToken", sessionToken, "userId", userId, "expires", IN_A_MONTH.toString()));
        assertThat(session.id()).isEqualTo(userId);
        JsonNode sessionAndUser = ok(adapter.lookupSession(sessionToken, session.consistencyToken()));
        assertThat(sessionAndUser.get("session").get("userId").asText()).isEqualTo(userId);
        assertThat(sessionAndUser.get("session").get("sessionToken").asText()).isEqualTo(sessionToken);
        assertThat(Instant.parse(sessionAndUser.get("session").get("expires").asText())).isEqualTo(IN_A_MONTH);
        assertThat(sessionAndUser.get("user").get("email").asText()).isEqualTo(email);

        String newEmail = uniqueEmail("lovelace");
        long change = adapter.change("PATCH", "/api/users/" + userId, Map.of("name", "Ada Lovelace", "email", newEmail))
                .consistencyToken();
        JsonNode changed = ok(adapter.read("/api/users/" + userId, change));
        assertThat(changed.get("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(changed.get("email").asText()).isEqualTo(newEmail);
        assertThat(changed.get("image").asText()).as("not in the change").isEqualTo("https://img.example.com/ada.png");
        assertThat(ok(adapter.read(byEmail(newEmail), change)).get("id").asText()).isEqualTo(userId);
        assertNotFound(adapter.read(byEmail(email), change));

        Instant later = IN_A_MONTH.plus(Duration.ofDays(30));
        long extend = adapter.change("PATCH", "/api/sessions", Map.of("sessionToken", sessionToken, "expires", later.toString()))
                .consistencyToken();
        assertThat(Instant.parse(ok(adapter.lookupSession(sessionToken, extend)).get("session").get("expires").asText()))
                .isEqualTo(later);
        long end = adapter.change("POST", "/api/sessions/delete", Map.of("sessionToken", sessionToken)).consistencyToken();
        assertNotFound(adapter.lookupSession(sessionToken, end));
        assertNotFound(adapter.write("POST", "/api/sessions/delete", Map.of("sessionToken", sessionToken)));

        long unlink = adapter.change("DELETE", account, null).consistencyToken();
        assertNotFound(adapter.read(account + "/user", unlink));
        assertNotFound(adapter.read(account, unlink));
        assertNotFound(adapter.write("DELETE", account, null));

        String magicToken = unique("magic");
        adapter.create("/api/verification-tokens", Map.of("identifier", newEmail, "token", magicToken, "expires", IN_A_MONTH.toString()));
        JsonNode used = ok(useVerificationToken(newEmail, magicToken));
        assertThat(used.get("identifier").asText()).isEqualTo(newEmail);
        assertThat(used.get("token").asText()).isEqualTo(magicToken);
        assertThat(Instant.parse(used.get("expires").asText())).isEqualTo(IN_A_MONTH);
        assertNotFound(useVerificationToken(newEmail, magicToken));
        String expiredToken = unique("expired");
        adapter.create("/api/verification-tokens", Map.of("identifier", newEmail, "token", expiredToken,
                "expires", Instant.now().minus(Duration.ofMinutes(1)).toString()));
        assertNotFound(useVerificationToken(newEmail, expiredToken));
        assertNotFound(useVerificationToken(newEmail, unique("never-issued")));

        long delete = adapter.change("DELETE", "/api/users/" + userId, null).consistencyToken();
        assertNotFound(adapter.read("/api/users/" + userId, delete));
        assertNotFound(adapter.read(byEmail(newEmail), delete));
        assertNotFound(adapter.write("DELETE", "/api/users/" + userId, null));
    }

    @Test
    void ofEightConcurrentRegistrationsOfOneEmailInAnyLetterCaseExactlyOneWins() throws Exception {
        String email = uniqueEmail("contended");
        long registered = userRegisteredEvents();

        Written winner = theOneWinner(race(i -> () -> adapter.write("POST", "/api/users", Map.of("name", "Contender " + i,
                "email", i % 2 == 0 ? email : email.toUpperCase(Locale.ROOT)))), "email-taken");

        assertThat(ok(adapter.read("/api/users/" + winner.id(), winner.consistencyToken())).get("email").asText())
                .isEqualToIgnoringCase(email);
        assertThat(system.count("SELECT count(*) FROM users WHERE lower(email) = lower(?)", email)).isEqualTo(1);
        assertThat(userRegisteredEvents()).isEqualTo(registered + 1);
    }

    @Test
    void ofEightUsersLinkingOneProviderAccountAtOnceExactlyOneGetsIt() throws Exception {
        List<String> users = contenders();
        String providerAccountId = unique("gh");

        Written winner = theOneWinner(race(i -> () -> adapter.write("POST", "/api/accounts",
                AuthAdapter.account(users.get(i), "github", providerAccountId, AuthAdapterContractIT::unique))),
                "account-already-linked");

        assertThat(ok(adapter.read("/api/accounts/github/" + providerAccountId + "/user", winner.consistencyToken()))
                .get("id").asText()).isEqualTo(winner.id());
        assertThat(system.count("SELECT count(*) FROM accounts WHERE provider = 'github' AND provider_account_id = ?",
                providerAccountId)).isEqualTo(1);
    }

    @Test
    void ofEightUsersStartingASessionWithOneTokenAtOnceExactlyOneGetsIt() throws Exception {
        List<String> users = contenders();
        String sessionToken = unique("session");

        Written winner = theOneWinner(race(i -> () -> adapter.write("POST", "/api/sessions",
                Map.of("sessionToken", sessionToken, "userId", users.get(i), "expires", IN_A_MONTH.toString()))),
                "session-exists");

        assertThat(ok(adapter.lookupSession(sessionToken, winner.consistencyToken())).get("user").get("id").asText())
                .isEqualTo(winner.id());
        assertThat(system.count("SELECT count(*) FROM sessions WHERE session_token = ?", sessionToken)).isEqualTo(1);
    }

    @Test
    void invalidInputIsA400NamingTheFieldsAndStoresNothing() throws Exception {
        long events = system.count("SELECT count(*) FROM eventstore.domain_event_entry");

        HttpResponse<String> noEmail = adapter.write("POST", "/api/users", Map.of("name", "Nobody"));
        HttpResponse<String> badAccount = adapter.write("POST", "/api/accounts",
                Map.of("userId", "someone", "type", "password", "providerAccountId", unique("gh")));

        assertThat(invalidFields(noEmail)).containsExactly("email");
        assertThat(invalidFields(badAccount)).containsExactly("provider", "type");
        assertThat(system.count("SELECT count(*) FROM eventstore.domain_event_entry")).isEqualTo(events);
        assertThat(system.count("SELECT count(*) FROM users WHERE name = 'Nobody'")).isZero();
    }

    private HttpResponse<String> useVerificationToken(String identifier, String token) throws Exception {
        return adapter.write("POST", "/api/verification-tokens/use", Map.of("identifier", identifier, "token", token));
    }

    /** Eight users, registered one after another, to contend for something. */
    private List<String> contenders() throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < CONTENDERS; i++) {
            users.add(adapter.create("/api/users", Map.of("email", uniqueEmail("contender"))).id());
        }
        return users;
    }

    /** Sends the contenders' requests at once, one thread each, all released together; answers every response. */
    private static List<HttpResponse<String>> race(IntFunction<Callable<HttpResponse<String>>> request) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CONTENDERS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> sent = IntStream.range(0, CONTENDERS).mapToObj(request)
                    .map(call -> threads.submit(() -> {
                        go.await();
                        return call.call();
                    }))
                    .toList();
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> response : sent) {
                responses.add(response.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Exactly one 201; every other contender got a 409 of {@code problemType}. */
    private static Written theOneWinner(List<HttpResponse<String>> responses, String problemType) throws Exception {
        assertThat(responses).as("statuses %s", responses.stream().map(HttpResponse::statusCode).toList())
                .filteredOn(response -> response.statusCode() == 201).hasSize(1);
        assertThat(responses).filteredOn(response -> response.statusCode() != 201)
                .allSatisfy(response -> assertProblem(response, 409, problemType));
        return Written.of(responses.stream().filter(response -> response.statusCode() == 201).findFirst().orElseThrow());
    }

    private static List<String> invalidFields(HttpResponse<String> response) throws Exception {
        assertProblem(response, 400, "validation");
        List<String> fields = new ArrayList<>();
        AuthAdapter.json.readTree(response.body()).get("errors").forEach(error -> fields.add(error.get("field").asText()));
        return fields;
    }

    private static long userRegisteredEvents() throws Exception {
        return system.count("SELECT count(*) FROM eventstore.domain_event_entry WHERE payload_type LIKE '%UserRegistered'");
    }

    private static String byEmail(String email) {
        return "/api/users?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8);
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private static String uniqueEmail(String name) {
        return unique(name) + "@example.com";
    }
}
