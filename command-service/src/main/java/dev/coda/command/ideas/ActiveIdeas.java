package dev.coda.command.ideas;

import java.util.UUID;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Answers, from the user's board itself (not from a read model that may lag), whether an idea exists and is
 * not in the trash. Loading the board inside a command also locks it until that command's unit of work ends.
 */
@Component
public class ActiveIdeas {

    private final Repository<IdeaBoard> boards;

    ActiveIdeas(@Qualifier("ideaBoardRepository") Repository<IdeaBoard> boards) {
        this.boards = boards;
    }

    public boolean isActive(String userId, UUID ideaId) {
        try {
            return boards.load(IdeaBoard.idOf(userId)).invoke(board -> board.hasActiveIdea(ideaId));
        } catch (AggregateNotFoundException noBoardYet) {
            return false;
        }
    }
}
