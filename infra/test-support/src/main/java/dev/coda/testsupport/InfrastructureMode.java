package dev.coda.testsupport;

import java.util.Locale;
import java.util.Map;

/**
 * Where tests get PostgreSQL and Kafka from, chosen by {@code CODA_TEST_INFRA}: {@code local} (default) uses
 * the project's own cluster and broker ({@code infra/coda infra}); {@code testcontainers} starts containers,
 * for machines that have a Docker engine.
 */
public enum InfrastructureMode {
    LOCAL,
    TESTCONTAINERS;

    public static final String VARIABLE = "CODA_TEST_INFRA";

    public static InfrastructureMode select(Map<String, String> environment) {
        String value = environment.getOrDefault(VARIABLE, "").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "local" -> LOCAL;
            case "testcontainers" -> TESTCONTAINERS;
            default -> throw new IllegalArgumentException(
                    VARIABLE + " must be 'local' or 'testcontainers', not '" + value + "'");
        };
    }
}
