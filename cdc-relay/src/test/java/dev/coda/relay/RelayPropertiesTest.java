package dev.coda.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** No setting of the relay publishes a secret: an operator's list adds to what is left out, never replaces it. */
class RelayPropertiesTest {

    @Test
    void aListOfExcludedColumnsAddsToTheEmail() {
        RelayProperties relay = bind(Map.of("coda.relay.excluded-columns", "public.dev_jobs.cwd"));

        assertThat(relay.placeholders().get("CODA_RELAY_EXCLUDED_COLUMNS")).isEqualTo("public.users.email,public.dev_jobs.cwd");
    }

    @Test
    void theEmailIsPublishedOnlyWhenSaidSo() {
        assertThat(bind(Map.of("coda.relay.excluded-columns", "")).placeholders().get("CODA_RELAY_EXCLUDED_COLUMNS"))
                .contains("public.users.email");
        RelayProperties relay = bind(Map.of("coda.relay.publish-user-email", "true"));

        assertThat(relay.placeholders().get("CODA_RELAY_EXCLUDED_COLUMNS")).isEmpty();
    }

    @Test
    void aTableThatHoldsSecretsIsRefused() {
        for (String tables : new String[] {"public.users,public.accounts", "public.sessions", "public.verification_tokens",
                "public.user_email_keys"}) {
            assertThatThrownBy(() -> bind(Map.of("coda.relay.tables", tables))).as(tables)
                    .isInstanceOf(BindException.class).rootCause().hasMessageContaining("holds secrets");
        }
    }

    @Test
    void aTableOutsideThePublicSchemaOrAPatternIsRefused() {
        for (String tables : new String[] {"eventstore.data_keys", "PUBLIC.SESSIONS", "public\\..*", "public.verification_.*"}) {
            assertThatThrownBy(() -> bind(Map.of("coda.relay.tables", tables))).as(tables)
                    .isInstanceOf(BindException.class).rootCause().hasMessageContaining("not a table of the public schema");
        }
    }

    @Test
    void aConnectorOverrideOfWhatIsPublishedIsRefused() {
        for (String property : new String[] {"column.exclude.list", "table.include.list", "transforms.domainEvents.payload.exclude.list"}) {
            assertThatThrownBy(() -> bind(Map.of("coda.relay.connector[" + property + "]", "x"))).as(property)
                    .isInstanceOf(BindException.class).rootCause().hasMessageContaining("no secret leaves");
        }
        assertThat(bind(Map.of("coda.relay.connector[max.batch.size]", "2048")).connector()).containsEntry("max.batch.size", "2048");
    }

    private static RelayProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("coda.relay", RelayProperties.class);
    }
}
