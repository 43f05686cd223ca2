package dev.coda.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestSizeLimitTest {

    private final RequestSizeLimit limit = new RequestSizeLimit(10);
    private final MockHttpServletResponse response = new MockHttpServletResponse();
    private final MockFilterChain chain = new MockFilterChain();

    @Test
    void aBodyDeclaredLargerThanTheLimitIsA413BeforeAnythingReadsIt() throws Exception {
        limit.doFilter(request(new byte[11], true), response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"type\":\"https://coda.dev/problems/request-too-large\"",
                "\"status\":413", "larger than 10 bytes");
        assertThat(chain.getRequest()).as("the rest of the chain never ran").isNull();
    }

    @Test
    void aBodySentWithoutALengthStopsAtTheLimit() throws Exception {
        limit.doFilter(request(new byte[11], false), response, chain);

        InputStream body = ((HttpServletRequest) chain.getRequest()).getInputStream();
        assertThatThrownBy(body::readAllBytes).isInstanceOf(RequestSizeLimit.TooLarge.class);
    }

    @Test
    void aBodyWithinTheLimitPassesWhole() throws Exception {
        limit.doFilter(request(new byte[10], false), response, chain);

        assertThat(((HttpServletRequest) chain.getRequest()).getInputStream().readAllBytes()).hasSize(10);
        assertThat(response.getStatus()).isEqualTo(200);
    }

    private static MockHttpServletRequest request(byte[] body, boolean withLength) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/ideas") {
            @Override
            public long getContentLengthLong() {
                return withLength ? body.length : -1;
            }
        };
        request.setContent(body);
        return request;
    }
}
