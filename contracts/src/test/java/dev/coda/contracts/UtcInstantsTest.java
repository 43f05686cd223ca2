package dev.coda.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtcInstantsTest {

    private final ObjectMapper json = EventJson.objectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-25T22:00:00Z", "2026-11-25T22:00:00.1Z", "2026-11-25T22:00:00.123Z",
            "2026-11-25T22:00:00.123456Z", "2026-11-25T22:00:00.123456789Z", "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59.999999Z"})
    void readsUtcInstantsAsInstantParseDoes(String text) throws Exception {
        assertThat(UtcInstants.parse(text)).isEqualTo(Instant.parse(text));
        assertThat(json.readValue("\"" + text + "\"", Instant.class)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-25T23:00:00+01:00", "2026-11-25T22:00Z", "2026-11-25T22:00:00.Z",
            "2026-11-25T22:00:00.1234567890Z", "+12026-11-25T22:00:00Z", "2026-13-25T22:00:00Z", "2026-02-30T22:00:00Z",
            "2026-11-25 22:00:00Z", "2026-1a-25T22:00:00Z"})
    void leavesEveryOtherTextToJacksonsOwnDeserializer(String text) {
        assertThat(UtcInstants.parse(text)).isNull();
    }

    @Test
    void stillAcceptsWhatJacksonAcceptsAndRejectsWhatItRejects() throws Exception {
        assertThat(json.readValue("\"2026-11-25T23:00:00+01:00\"", Instant.class)).isEqualTo(Instant.parse("2026-11-25T22:00:00Z"));
        assertThatThrownBy(() -> json.readValue("\"2026-13-25T22:00:00Z\"", Instant.class)).isInstanceOf(InvalidFormatException.class);
    }

    @Test
    void requestsMayNameYearsOneTo9999AndNothingBeyond() throws Exception {
        ObjectMapper requests = new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(UtcInstants.requestModule());

        assertThat(requests.readValue("\"0001-01-01T00:00:00Z\"", Instant.class)).isEqualTo(UtcInstants.EARLIEST);
        assertThat(requests.readValue("\"9999-12-31T23:59:59.999999Z\"", Instant.class)).isEqualTo(UtcInstants.LATEST);
        for (String beyond : new String[] {"\"+10000-01-01T00:00:00Z\"", "\"-0001-12-31T23:59:59Z\"",
                "\"+300000-01-01T00:00:00Z\"", "1e13"}) {
            assertThatThrownBy(() -> requests.readValue(beyond, Instant.class)).as(beyond)
                    .isInstanceOf(UtcInstants.OutOfRange.class)
                    .hasMessageStartingWith("must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z");
        }
        // an event already stored is read whatever it holds
        assertThat(json.readValue("\"+10000-01-01T00:00:00Z\"", Instant.class)).isEqualTo(Instant.parse("+10000-01-01T00:00:00Z"));
    }
}
