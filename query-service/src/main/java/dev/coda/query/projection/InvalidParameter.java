package dev.coda.query.projection;

/** A query parameter that bean validation cannot judge, such as a cursor this API never handed out. */
public class InvalidParameter extends RuntimeException {

    private final String parameter;

    public InvalidParameter(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
