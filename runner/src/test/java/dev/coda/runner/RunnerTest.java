package dev.coda.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Where the runner sends its pairing code and token: https, plain http only on loopback, and only where it paired. */
class RunnerTest {

    private static final URI PAIRED = URI.create("https://coda.example");
    private static final URI LOCAL = URI.create("http://127.0.0.1:8081");

    @Test
    void aServerIsReachedOverHttpsOrOverHttpOnLoopbackOnly() {
        assertThat(Runner.server(null)).isNull();
        for (String allowed : new String[] {"https://coda.example", "http://127.0.0.1:8081", "http://127.3.4.5:1",
                "http://localhost:8081", "http://[::1]:8081"}) {
            assertThat(Runner.server(allowed)).isEqualTo(URI.create(allowed));
        }
        for (String refused : new String[] {"http://coda.example", "http://10.0.0.5:8081", "http://127.example.com",
                "ftp://127.0.0.1"}) {
            assertThatThrownBy(() -> Runner.server(refused)).as(refused).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theTokenGoesOnlyToTheServerItWasPairedWith() {
        assertThat(Runner.pairedWith(PAIRED, null, LOCAL, "command-url")).as("none named: the paired one").isEqualTo(PAIRED);
        assertThat(Runner.pairedWith(PAIRED, PAIRED, LOCAL, "command-url")).isEqualTo(PAIRED);
        assertThatThrownBy(() -> Runner.pairedWith(PAIRED, LOCAL, LOCAL, "command-url"))
                .hasMessageContaining("paired with https://coda.example");
        assertThat(Runner.pairedWith(null, null, LOCAL, "command-url")).as("a file of an older runner").isEqualTo(LOCAL);
    }
}
