package dev.coda.relay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Publishes the read tables' committed changes to Kafka, one topic per table. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CdcRelayApplication {

    public static void main(String[] args) {
        SpringApplication.run(CdcRelayApplication.class, args);
    }
}
