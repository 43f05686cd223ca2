package dev.coda.platform.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a NUL character in any query parameter, as {@link NulFreeText} does in request bodies: PostgreSQL's
 * text cannot hold one, so a lookup by such a value would fail in the database instead of answering the
 * client's mistake with a 400.
 */
public final class NulFreeParameters implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            for (String value : parameter.getValue()) {
                if (value.indexOf('\0') >= 0) {
                    throw new NulParameter(parameter.getKey());
                }
            }
        }
        return true;
    }

    /** A query parameter that held a NUL character. */
    public static final class NulParameter extends RuntimeException {

        private final String parameter;

        NulParameter(String parameter) {
            super("must not contain NUL characters");
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }
}
