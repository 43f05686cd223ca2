package dev.coda.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Takes Coda's commands over HTTP and appends the resulting events to the event store. */
@SpringBootApplication
public class CommandServiceApplication {

    public static void main(String[] args) {
        // Axon's update checker would phone home: never from this service.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(CommandServiceApplication.class, args);
    }
}
