package dev.coda.platform.eventstore;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Whether the current unit of work has published an event on the event store, applied or not yet committed. It
 * holds until the unit of work ends, rolled back or not, so a rollback handler can still ask.
 */
public final class StagedEvents {

    private static final String MARK = StagedEvents.class.getName();

    private StagedEvents() {
    }

    /** True once an event was published in the current unit of work (or one it is nested in). */
    public static boolean inCurrentUnitOfWork() {
        return CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root().resources().containsKey(MARK);
    }

    static void mark() {
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.root().resources().put(MARK, Boolean.TRUE));
    }
}
