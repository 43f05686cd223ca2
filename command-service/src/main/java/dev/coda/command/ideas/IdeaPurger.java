package dev.coda.command.ideas;

import dev.coda.command.CommandRefused;
import dev.coda.command.CommandRefused.Reason;
import dev.coda.command.ideas.IdeaCommand.PurgeIdea;
import dev.coda.command.ideas.PurgeSchedule.DuePurge;
import org.axonframework.commandhandling.gateway.CommandGateway;
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

    @Scheduled(fixedDelayString = "${coda.ideas.purge-interval:1m}")
    void purgeDueIdeas() {
        for (DuePurge due : schedule.due(GenericEventMessage.clock.instant(), BATCH)) {
            try {
                commands.sendAndWait(new PurgeIdea(due.userId(), due.ideaId(), null));
            } catch (CommandRefused refused) {
                if (refused.reason() == Reason.NOT_FOUND || refused.reason() == Reason.NOT_IN_TRASH) {
                    log.info("Idea {} needs no purge ({}); dropping its schedule", due.ideaId(), refused.reason());
                    schedule.cancel(due.ideaId());
                }
            }
        }
    }
}
