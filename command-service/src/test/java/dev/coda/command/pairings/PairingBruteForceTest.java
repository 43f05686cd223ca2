package dev.coda.command.pairings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.command.CommandServiceTest;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Guessing pairing codes stops after a few failures per client, even for a right guess. */
@TestPropertySource(properties = "coda.pairings.max-failed-claims=3")
class PairingBruteForceTest extends CommandServiceTest {

    @Test
    void aClientThatFailedTooManyClaimsIsTurnedAwayWith429() throws Exception {
        String token = TestTokens.user(registerUser());
        String code = body(send("POST", "/api/pairings", token, null, Map.of())).get("pairingCode").asText();
        String claim = "{\"pairingCode\":\"%s\",\"runnerType\":\"cli\"}";

        for (int guess = 0; guess < 3; guess++) {
            assertProblem(send("POST", "/api/pairings/claim", null, claim.formatted("AAAA-AAA" + guess), Map.of()), 400);
        }
        HttpResponse<String> blocked = send("POST", "/api/pairings/claim", null, claim.formatted(code), Map.of());

        assertProblem(blocked, 429);
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void behindAProxyEachClientIsCountedByTheAddressItForwards() throws Exception {
        String claim = "{\"pairingCode\":\"AAAA-AAAA\",\"runnerType\":\"cli\"}";
        Map<String, String> viaProxy = Map.of("X-Forwarded-For", "203.0.113.7");

        for (int guess = 0; guess < 3; guess++) {
            assertProblem(send("POST", "/api/pairings/claim", null, claim, viaProxy), 400);
        }

        assertProblem(send("POST", "/api/pairings/claim", null, claim, viaProxy), 429);
        assertProblem(send("POST", "/api/pairings/claim", null, claim, Map.of("X-Forwarded-For", "203.0.113.8")), 400);
    }
}
