package dev.coda.command.ideas;

import dev.coda.command.web.Consistency;
import dev.coda.platform.http.EntityTags;
import java.time.Instant;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Sends a command to the caller's board and answers the way every idea command does: the idea's new
 * version as ETag and in the body, and the consistency token.
 */
@Component
class BoardCommands {

    /** The answer of a command that changed an idea or one of its features. */
    record Changed(String version, long consistencyToken) {
    }

    private final CommandGateway commands;
    private final Consistency consistency;

    BoardCommands(CommandGateway commands, Consistency consistency) {
        this.commands = commands;
        this.consistency = consistency;
    }

    ResponseEntity<Changed> change(IdeaCommand command) {
        return send(HttpStatus.OK, command, (IdeaOutcome outcome, Long token) ->
                new Changed(version(outcome.version()), token));
    }

    <O extends IdeaOutcome, T> ResponseEntity<T> send(HttpStatus status, IdeaCommand command,
                                                      BiFunction<O, Long, T> body) {
        O outcome = commands.sendAndWait(command);
        return consistency.respond(status, command.boardId(), outcome.version(), token -> body.apply(outcome, token));
    }

    /** The version as it appears in bodies: the ETag without its quotes. */
    static String version(Instant version) {
        return EntityTags.of(version).replace("\"", "");
    }
}
