package dev.coda.command.ideas;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.coda.command.users.UserRegistry;
import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * All ideas of one user, in order. The list's order is a consistency boundary (ARCHITECTURE.md decision 6):
 * every command that changes positions goes through this one aggregate, so the event store's optimistic
 * lock on its sequence numbers keeps the positions a gap-free permutation even across service instances.
 */
@Aggregate
public class IdeaBoard {

    private static final String ID_SUFFIX = ":ideas";

    @AggregateIdentifier
    private String boardId;
    private final List<UUID> order = new ArrayList<>();

    protected IdeaBoard() {
    }

    /** The board of a user; distinct from the user's own aggregate id, which the event store keeps unique. */
    public static String idOf(String userId) {
        return userId + ID_SUFFIX;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    IdeaPlaced handle(CreateIdea command, UserRegistry users) {
        if (boardId == null && !users.contains(command.userId())) {
            throw new UnknownUser();
        }
        int position = order.size();
        apply(new IdeaCreated(command.userId(), command.ideaId(), command.title(), command.notes(),
                command.githubUrl(), command.linkLabel(), position, GenericEventMessage.clock.instant()));
        return new IdeaPlaced(command.ideaId(), position);
    }

    @EventSourcingHandler
    void on(IdeaCreated event) {
        boardId = idOf(event.userId());
        order.add(event.ideaId());
    }
}
