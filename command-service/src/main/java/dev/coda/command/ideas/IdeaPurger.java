package dev.coda.command.ideas;

import dev.coda.command.CommandRefused;
import dev.coda.command.CommandRefused.Reason;
import dev.coda.command.ideas.IdeaCommand.PurgeIdea;
import dev.coda.command.ideas.PurgeSchedule.DuePurge;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.eventhandling.GenericEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Purges deleted ideas once their undo window has passed. Runs on every instance; a purge that another
 * instance already did is refused by the aggregate and its schedule row is dropped.
 */
@Component
class IdeaPurger {

    private static final Logger log = LoggerFactory.getLogger(IdeaPurger.class);
    private static final int BATCH = 100;

    private final PurgeSchedule schedule;
    private final CommandGateway commands;

    IdeaPurger(PurgeSchedule schedule, CommandGateway commands) {
        this.schedule = schedule;
        this.commands = commands;
    }

    /** Purges what is due at the start of the run, a batch at a time, until none is left. */
    @Scheduled(fixedDelayString = "${coda.ideas.purge-interval:1m}")
    void purgeDueIdeas() {
        Instant started = GenericEventMessage.clock.instant();
        List<DuePurge> batch;
        do {
            batch = schedule.due(started, BATCH);
            batch.forEach(due -> purge(due, started));
        } while (batch.size() == BATCH);
    }

    private void purge(DuePurge due, Instant started) {
        try {
            commands.sendAndWait(new PurgeIdea(due.userId(), due.ideaId(), null));
        } catch (CommandRefused refused) {
            if (refused.reason() == Reason.NOT_FOUND || refused.reason() == Reason.NOT_IN_TRASH) {
                log.info("Idea {} needs no purge ({}); dropping its schedule", due.ideaId(), refused.reason());
                schedule.cancel(due.ideaId());
            } else {
                tryAgainLater(due, started, refused);
            }
        } catch (AggregateNotFoundException noBoard) {
            log.info("Idea {} needs no purge (its user has no board); dropping its schedule", due.ideaId());
            schedule.cancel(due.ideaId());
        } catch (RuntimeException failed) {
            tryAgainLater(due, started, failed);
        }
    }

    /** After this run's others, not before them: one idea that fails holds back no other's purge. */
    private void tryAgainLater(DuePurge due, Instant started, RuntimeException failed) {
        schedule.schedule(due.userId(), due.ideaId(), started.plusMillis(1));
        log.warn("Idea {} not purged yet (tried again at the next run): {}", due.ideaId(), failed.toString());
    }
}
