package dev.coda.command.ideas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code coda.ideas.*} as a deployment sets it, checked when the service starts. */
class IdeasPropertiesTest {

    @EnableConfigurationProperties(IdeasProperties.class)
    static class Bound {
    }

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
            .withUserConfiguration(Bound.class);

    @Test
    void theDefaultsStart() {
        service.run(context -> assertThat(context.getBean(IdeasProperties.class))
                .extracting(IdeasProperties::eventsPerSnapshot, IdeasProperties::maxEventsPerSnapshot,
                        IdeasProperties::maxIdeasPerUser, IdeasProperties::maxFeaturesPerUser, IdeasProperties::boardCacheSize)
                .containsExactly(250, 2500, 100_000, 500_000, DataSize.ofMegabytes(160)));
    }

    @Test
    void aMinimumRaisedAlongWithTheMaximumStarts() {
        service.withPropertyValues("coda.ideas.events-per-snapshot=3000", "coda.ideas.max-events-per-snapshot=3000")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aBoardCacheTooSmallForAFullBoardFailsNamingTheProperties() {
        service.withPropertyValues("coda.ideas.max-features-per-user=1000000")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining(
                        "coda.ideas.board-cache-size must hold a board at coda.ideas.max-ideas-per-user and"
                                + " coda.ideas.max-features-per-user"));
    }

    @Test
    void aLimitRaisedAlongWithTheBoardCacheStarts() {
        service.withPropertyValues("coda.ideas.max-features-per-user=1000000", "coda.ideas.board-cache-size=256MB")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aMinimumRaisedAboveTheMaximumFailsNamingBothProperties() {
        service.withPropertyValues("coda.ideas.events-per-snapshot=3000")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining(
                        "coda.ideas.max-events-per-snapshot must be at least coda.ideas.events-per-snapshot"));
    }
}
