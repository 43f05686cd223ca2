package dev.coda.command.jobs;

/** Why a command on a job was refused. */
public class JobProblem extends RuntimeException {

    /** The kinds of refusal, with their HTTP status and problem type. */
    public enum Kind {
        NOT_FOUND(404, "not-found"),
        ILLEGAL_TRANSITION(409, "illegal-job-transition");

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

    JobProblem(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
