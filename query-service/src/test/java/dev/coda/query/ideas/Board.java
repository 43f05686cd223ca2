package dev.coda.query.ideas;

import dev.coda.contracts.ideas.IdeaEvent;
import dev.coda.contracts.ideas.IdeaEvent.FeatureAdded;
import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Function;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * One user's idea board as the command-service appends it: events in aggregate sequence, each at an
 * instant later than the one before, at the read tables' microsecond precision.
 */
final class Board {

    private final String user;
    private final EventStore eventStore;
    private long sequence;
    private Instant clock = Instant.now().truncatedTo(ChronoUnit.MICROS);

    Board(String user, EventStore eventStore) {
        this.user = user;
        this.eventStore = eventStore;
    }

    String user() {
        return user;
    }

    /** Appends the event made for a fresh instant, and answers that instant. */
    Instant append(Function<Instant, IdeaEvent> event) {
        clock = clock.plus(1, ChronoUnit.MILLIS);
        eventStore.publish(new GenericDomainEventMessage<>("IdeaBoard", user + ":ideas", sequence++, event.apply(clock)));
        return clock;
    }

    UUID create(String title, String notes, int position) {
        UUID idea = UUID.randomUUID();
        append(at -> new IdeaCreated(user, idea, title, notes, null, null, position, null, at));
        return idea;
    }

    UUID addFeature(UUID idea, String title, int position) {
        UUID feature = UUID.randomUUID();
        append(at -> new FeatureAdded(user, idea, feature, title, null, null, null, false, null, position, at));
        return feature;
    }
}
