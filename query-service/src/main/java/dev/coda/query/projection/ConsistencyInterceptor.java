package dev.coda.query.projection;

import dev.coda.platform.consistency.ConsistencyToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Read your writes: a query carrying {@value ConsistencyToken#HEADER} is answered only once the read model
 * has passed that event, or refused with 503 and {@code Retry-After} when the bounded wait runs out. A token
 * beyond the event store's last event could never be reached: it is refused at once (400), rather than
 * holding a request thread for the whole wait. A token the read model has already passed costs no query.
 */
@Component
class ConsistencyInterceptor implements HandlerInterceptor {

    private final ProjectionProgress progress;
    private final ReadModelProperties properties;

    ConsistencyInterceptor(ProjectionProgress progress, ReadModelProperties properties) {
        this.progress = progress;
        this.properties = properties;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String header = request.getHeader(ConsistencyToken.HEADER);
        if (header == null) {
            return true;
        }
        long globalIndex = parse(header);
        if (progress.passedHere(globalIndex)) {
            return true;
        }
        if (globalIndex > progress.headIndex()) {
            throw InvalidConsistencyToken.beyondTheEventStore();
        }
        if (!progress.awaitPassed(globalIndex, properties.consistencyWait())) {
            throw new ProjectionBehind(properties.consistencyWait());
        }
        return true;
    }

    private static long parse(String header) {
        try {
            long value = Long.parseLong(header.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below as the client's mistake
        }
        throw InvalidConsistencyToken.malformed();
    }
}
