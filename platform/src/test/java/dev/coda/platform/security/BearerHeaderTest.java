package dev.coda.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The loop resolves every header as Spring Security's resolver does: the same token, null or error. */
class BearerHeaderTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl";

    @Test
    void resolvesEveryHeaderAsSpringSecurityDoes() {
        List<String> headers = new ArrayList<>(List.of("", "Bearer", "Bearer ", "Bearer  " + TOKEN, "Bearer " + TOKEN + "=",
                "Bearer " + TOKEN + "==", "Bearer =" + TOKEN, "Bearer ==", "Bearer a=b", "bearer " + TOKEN, "BEARER " + TOKEN,
                "Basic dXNlcjpwYXNz", "Bearerx", "Bearer\t" + TOKEN, "Bearer " + TOKEN + "\n", "Bearer " + TOKEN + " ",
                " Bearer " + TOKEN, "Bearer a b", "Bearer \uD83D\uDE00", "Bearer -._~+/azAZ09"));
        // every character of the basic plane, and a sample of the rest (each a surrogate pair, as in the BMP's test)
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint += codePoint <= 0xFFFF ? 1 : 97) {
            String character = Character.toString(codePoint);
            headers.add("Bearer a" + character + "b=");
            if (codePoint < 0x3000) {
                headers.add("Bearer " + character);
                headers.add(character + "earer a");
                headers.add("Bea" + character + "er a");
                headers.add("Bearer" + character + "a");
            }
        }
        BearerTokenResolver spring = new DefaultBearerTokenResolver();
        BearerTokenResolver loop = new BearerHeader();
        List<String> different = headers.stream()
                .filter(header -> !Objects.equals(outcome(loop, header), outcome(spring, header)))
                .limit(5)
                .toList();

        assertThat(different).as("headers resolved otherwise than Spring Security resolves them").isEmpty();
    }

    @Test
    void aWellFormedHeaderGivesItsTokenAndAMalformedOneAnError() {
        assertThat(new BearerHeader().resolve(request("Bearer " + TOKEN + "=="))).isEqualTo(TOKEN + "==");
        assertThat(new BearerHeader().resolve(request("Basic dXNlcjpwYXNz"))).isNull();
        assertThat(new BearerHeader().resolve(new MockHttpServletRequest())).isNull();
        assertThatThrownBy(() -> new BearerHeader().resolve(request("Bearer " + TOKEN + "!")))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessage("Bearer token is malformed");
    }

    /** The token, "null", or the error's description. */
    private static String outcome(BearerTokenResolver resolver, String header) {
        try {
            return String.valueOf(resolver.resolve(request(header)));
        } catch (OAuth2AuthenticationException e) {
            return "error: " + e.getError().getErrorCode() + " " + e.getError().getDescription();
        }
    }

    private static MockHttpServletRequest request(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Authorization", authorization);
        return request;
    }
}
