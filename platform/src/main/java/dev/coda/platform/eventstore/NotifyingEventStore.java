package dev.coda.platform.eventstore;

import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store that, after each commit of appended events, tells the readers in other processes,
 * and marks each unit of work that publishes events ({@link StagedEvents}).
 */
class NotifyingEventStore extends EmbeddedEventStore {

    private final AppendNotifications notifications;

    NotifyingEventStore(Builder builder, AppendNotifications notifications) {
        super(builder);
        this.notifications = notifications;
    }

    @Override
    public void publish(List<? extends EventMessage<?>> events) {
        StagedEvents.mark();
        super.publish(events);
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        super.afterCommit(events);
        notifications.appended();
    }
}
