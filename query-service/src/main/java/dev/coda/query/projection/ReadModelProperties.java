package dev.coda.query.projection;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param consistencyWait how long a query carrying a consistency token may wait for the projections
 */
@ConfigurationProperties("coda.read-model")
public record ReadModelProperties(
        @DefaultValue("5s") Duration consistencyWait) {
}
