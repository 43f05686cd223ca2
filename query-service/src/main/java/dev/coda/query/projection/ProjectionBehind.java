package dev.coda.query.projection;

import java.time.Duration;

/** The read model did not reach a requested consistency token within the bounded wait. */
public class ProjectionBehind extends RuntimeException {

    private final Duration waited;

    ProjectionBehind(Duration waited) {
        super("The read model has not caught up with this consistency token yet; retry shortly.");
        this.waited = waited;
    }

    public Duration waited() {
        return waited;
    }
}
