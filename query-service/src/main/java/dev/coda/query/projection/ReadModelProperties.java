package dev.coda.query.projection;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param consistencyWait  how long a query carrying a consistency token may wait for the projections
 * @param replayBatchSize  events of a rebuild's replay that commit together with their token; larger than the
 *                         live processor's batches, since nobody waits for a replay's commits
 */
@ConfigurationProperties("coda.read-model")
@Validated
public record ReadModelProperties(
        @DefaultValue("5s") Duration consistencyWait,
        @DefaultValue("1000") @Positive int replayBatchSize) {
}
