package dev.coda.platform.http;

import dev.coda.platform.problems.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than {@code coda.http.max-request-bytes} with 413, before it is read into
 * memory. The fields' own limits multiply to far more than a heap holds (500 features of 100 sections of
 * 20,000 characters in one import), so one request could otherwise take a service down. A body with a length
 * is refused before a byte of it is read; one sent in chunks, as soon as it passes the limit ({@link TooLarge}).
 */
public class RequestSizeLimit extends OncePerRequestFilter {

    private final long maxBytes;

    public RequestSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            Problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, TooLarge.TYPE, TooLarge.detail(maxBytes));
            return;
        }
        chain.doFilter(declared < 0 ? new Counted(request, maxBytes) : request, response);
    }

    /** A body sent without a length went past the limit while it was read. */
    public static final class TooLarge extends IOException {

        public static final String TYPE = "request-too-large";

        TooLarge(long maxBytes) {
            super(detail(maxBytes));
        }

        static String detail(long maxBytes) {
            return "The request body is larger than " + maxBytes + " bytes.";
        }
    }

    /** The request, whose body stream counts what is read and stops at the limit. */
    private static final class Counted extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream counted;

        Counted(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new CountingStream(super.getInputStream(), maxBytes);
            }
            return counted;
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream body;
        private final long maxBytes;
        private long read;

        CountingStream(ServletInputStream body, long maxBytes) {
            this.body = body;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int next = body.read();
            if (next >= 0) {
                count(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = body.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int bytes) throws TooLarge {
            read += bytes;
            if (read > maxBytes) {
                throw new TooLarge(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }
    }
}
