package dev.coda.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the system tests that need the whole system: one {@link CodaSystem} per test class. */
abstract class SystemTest {

    static CodaSystem system;

    @BeforeAll
    static void startTheSystem() throws Exception {
        system = CodaSystem.start();
    }

    @AfterAll
    static void stopTheSystem() throws Exception {
        if (system != null) {
            system.close();
        }
    }
}
