package dev.coda.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InfrastructureModeTest {

    @Test
    void usesTheLocalInfrastructureWhenNothingIsChosen() {
        assertEquals(InfrastructureMode.LOCAL, InfrastructureMode.select(Map.of()));
    }

    @Test
    void usesTheLocalInfrastructureWhenAskedFor() {
        assertEquals(InfrastructureMode.LOCAL, InfrastructureMode.select(Map.of("CODA_TEST_INFRA", "local")));
    }

    @Test
    void usesTestcontainersOnlyWhenTheUserOptsIn() {
        assertEquals(InfrastructureMode.TESTCONTAINERS,
                InfrastructureMode.select(Map.of("CODA_TEST_INFRA", " Testcontainers ")));
    }

    @Test
    void rejectsAnUnknownChoiceNamingTheVariable() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> InfrastructureMode.select(Map.of("CODA_TEST_INFRA", "docker")));
        assertEquals("CODA_TEST_INFRA must be 'local' or 'testcontainers', not 'docker'", error.getMessage());
    }
}
