package dev.coda.command.ideas;

/** Why a command on an idea was refused; each kind has its own HTTP status and problem type. */
public class IdeaProblem extends RuntimeException {

    /** The kinds of refusal, with the HTTP status and problem type each maps to. */
    public enum Kind {
        NOT_FOUND(404, "not-found"),
        VERSION_MISMATCH(412, "version-mismatch"),
        NOT_IN_TRASH(409, "not-in-trash"),
        WRONG_UNDO_TOKEN(400, "invalid-undo-token"),
        UNDO_WINDOW_PASSED(410, "undo-window-passed"),
        UNDO_WINDOW_OPEN(409, "undo-window-open");

        private final int status;
        private final String type;

        Kind(int status, String type) {
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

    private final Kind kind;

    IdeaProblem(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static IdeaProblem ideaNotFound() {
        return new IdeaProblem(Kind.NOT_FOUND, "No such idea.");
    }

    static IdeaProblem featureNotFound() {
        return new IdeaProblem(Kind.NOT_FOUND, "No such feature.");
    }

    static IdeaProblem versionMismatch() {
        return new IdeaProblem(Kind.VERSION_MISMATCH, "The idea changed since the version in If-Match; reload it.");
    }
}
