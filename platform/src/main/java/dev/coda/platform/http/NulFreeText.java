package dev.coda.platform.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Refuses a NUL character in any string of a request body. PostgreSQL's text cannot hold one: accepted, it
 * would be stored in an event that no projection can ever write, and would stop the read model for everyone.
 * Refused here, it is the client's 400 ({@code must not contain NUL characters}) and nothing is stored.
 */
public final class NulFreeText extends SimpleModule {

    public NulFreeText() {
        super("nul-free-text");
        addDeserializer(String.class, new Strings());
    }

    /** A string of a request body that held a NUL character. */
    public static final class NulCharacter extends InvalidFormatException {

        NulCharacter(JsonParser parser, String value) {
            super(parser, "must not contain NUL characters", value, String.class);
        }
    }

    private static final class Strings extends StdScalarDeserializer<String> {

        Strings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && value.indexOf('\0') >= 0) {
                throw new NulCharacter(parser, value);
            }
            return value;
        }
    }
}
