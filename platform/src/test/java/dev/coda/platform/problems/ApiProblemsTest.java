package dev.coda.platform.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.coda.platform.http.RequestSizeLimit;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.CannotCreateTransactionException;

class ApiProblemsTest {

    record Items(List<String> items) {
    }

    /**
     * Jackson wraps what fails inside an array (the body of 500 features, say) with the element's path, so the
     * limit's exception arrives one cause deeper than for a plain value.
     */
    @Test
    void aBodySentWithoutALengthThatPassesTheLimitInsideAnArrayIsA413() throws Exception {
        String item = "\"" + "x".repeat(200) + "\"";
        byte[] body = ("{\"items\":[" + String.join(",", Collections.nCopies(100, item)) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        MockHttpServletRequest chunked = new MockHttpServletRequest("POST", "/api/ideas") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        chunked.setContent(body);
        chunked.setContentType("application/json");
        MockFilterChain chain = new MockFilterChain();
        new RequestSizeLimit(10_000).doFilter(chunked, new MockHttpServletResponse(), chain);

        HttpMessageNotReadableException unreadable = catchThrowableOfType(HttpMessageNotReadableException.class,
                () -> new MappingJackson2HttpMessageConverter().read(Items.class,
                        new ServletServerHttpRequest((HttpServletRequest) chain.getRequest())));
        ResponseEntity<Object> answer = new ApiProblems().handleHttpMessageNotReadable(unreadable, new HttpHeaders(),
                HttpStatus.BAD_REQUEST, null);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
    }

    @Test
    void noDatabaseConnectionInTimeIsA503ToTryAgain() {
        ResponseEntity<ProblemDetail> answer = new ApiProblems().noConnection(new CannotCreateTransactionException(
                "Could not open JDBC Connection for transaction", new SQLTransientConnectionException("timed out")));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(answer.getBody().getType().toString()).endsWith("/database-unavailable");
    }
}
