package dev.coda.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Projects Coda's events into the seed's read tables and serves the read-side queries. */
@SpringBootApplication
public class QueryServiceApplication {

    public static void main(String[] args) {
        // Axon's update checker would phone home: never from this service.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(QueryServiceApplication.class, args);
    }
}
