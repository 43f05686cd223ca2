package dev.coda.query.projection;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param consistencyWait  how long a query carrying a consistency token may wait for the projections
 * @param replayBatchSize  events of a rebuild's replay that commit together with their token; larger than the
 *                         live processor's batches, since nobody waits for a replay's commits
 * @param readAhead        serialized payload (in characters) that a processor reads ahead of its worker, at most
 *                         ({@link ReadAhead}); held in memory until processed, by the live processor and a replay each
 */
@ConfigurationProperties("coda.read-model")
@Validated
public record ReadModelProperties(
        @DefaultValue("5s") Duration consistencyWait,
        @DefaultValue("1000") @Positive int replayBatchSize,
        @DefaultValue("64MB") @NotNull DataSize readAhead) {

    @AssertTrue(message = "must be positive")
    boolean isReadAheadPositive() {
        return readAhead == null || readAhead.toBytes() > 0;
    }
}
