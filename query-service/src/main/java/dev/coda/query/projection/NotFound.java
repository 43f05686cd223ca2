package dev.coda.query.projection;

/** The caller has no such resource; another user's resources are not found either, never forbidden. */
public class NotFound extends RuntimeException {

    public NotFound(String detail) {
        super(detail);
    }
}
