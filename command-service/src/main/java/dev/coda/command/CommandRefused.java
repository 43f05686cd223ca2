package dev.coda.command;

/**
 * An aggregate refused a command: the request was understood but breaks a rule. Each reason has its own
 * HTTP status and problem type; nothing was stored.
 */
public class CommandRefused extends RuntimeException {

    /** Why, with the HTTP status and problem type each reason maps to. */
    public enum Reason {
        NOT_FOUND(404, "not-found"),
        VERSION_MISMATCH(412, "version-mismatch"),
        NOT_IN_TRASH(409, "not-in-trash"),
        WRONG_UNDO_TOKEN(400, "invalid-undo-token"),
        UNDO_WINDOW_PASSED(410, "undo-window-passed"),
        UNDO_WINDOW_OPEN(409, "undo-window-open"),
        TOO_MANY_IDEAS(409, "too-many-ideas"),
        TOO_MANY_FEATURES(409, "too-many-features"),
        IDEA_TOO_LARGE(409, "idea-too-large"),
        IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused"),
        /** Unknown, already used, revoked and expired pairing codes all look the same to the caller. */
        INVALID_PAIRING_CODE(400, "invalid-pairing-code"),
        PAIRING_NOT_CLAIMED(409, "pairing-not-claimed"),
        PAIRING_EXPIRED(410, "pairing-expired"),
        PAIRING_REVOKED(410, "pairing-revoked"),
        TOO_MANY_PAIRINGS(409, "too-many-pairings"),
        ILLEGAL_JOB_TRANSITION(409, "illegal-job-transition"),
        LOG_BATCH_OUT_OF_ORDER(409, "log-batch-out-of-order"),
        JOB_LOG_FULL(409, "job-log-full"),
        TOO_MANY_RUNNING_JOBS(409, "too-many-running-jobs"),
        TOO_MANY_MOVES(429, "too-many-moves"),
        EMAIL_TAKEN(409, "email-taken"),
        ACCOUNT_TAKEN(409, "account-already-linked"),
        SESSION_EXISTS(409, "session-exists"),
        VERIFICATION_TOKEN_EXISTS(409, "verification-token-exists");

        private final int status;
        private final String type;

        Reason(int status, String type) {
            this.status = status;
            this.type = type;
        }

        public int status() {
            return status;
        }

        public String type() {
            return type;
        }
    }

    private final Reason reason;

    public CommandRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
