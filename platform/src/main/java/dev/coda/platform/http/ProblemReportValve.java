package dev.coda.platform.http;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error answers as {@code application/problem+json} instead of its HTML page: those for requests
 * that Tomcat refuses before Spring sees them, such as a URL path with an encoded NUL ({@code %00}) or another
 * character it cannot decode. The body says only the status: nothing of the request is echoed.
 */
public class ProblemReportValve extends ErrorReportValve {

    private static final String MALFORMED_REQUEST = "https://coda.dev/problems/malformed-request";

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // like Tomcat's: only an error that nothing answered yet
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String body = status == HttpStatus.BAD_REQUEST.value()
                ? "{\"type\":\"" + MALFORMED_REQUEST + "\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"The request's URL or headers cannot be read (an encoded NUL in the path, for one).\"}"
                : "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + "}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("utf-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing left to tell
        }
    }
}
