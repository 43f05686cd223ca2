package dev.coda.command.pairings;

/** Why a pairing command was refused. */
public class PairingProblem extends RuntimeException {

    /** The kinds of refusal, with their HTTP status and problem type. */
    public enum Kind {
        /** Unknown, already used, revoked and expired codes all look the same to the caller. */
        INVALID_CODE(400, "invalid-pairing-code", "The pairing code is unknown, used or expired."),
        NOT_FOUND(404, "not-found", "No such pairing."),
        NOT_CLAIMED(409, "pairing-not-claimed", "No runner has claimed this pairing's code yet."),
        EXPIRED(410, "pairing-expired", "The pairing expired; start a new one.");

        private final int status;
        private final String type;
        private final String message;

        Kind(int status, String type, String message) {
            this.status = status;
            this.type = type;
            this.message = message;
        }

        public int status() {
            return status;
        }

        public String type() {
            return type;
        }
    }

    private final Kind kind;

    PairingProblem(Kind kind) {
        super(kind.message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
