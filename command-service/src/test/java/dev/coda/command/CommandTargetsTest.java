package dev.coda.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coda.command.ideas.IdeaCommand.CreateIdea;
import dev.coda.command.users.UserCommand.DeleteUser;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.IdentifierMissingException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CommandTargetsTest {

    private final CommandTargets targets = new CommandTargets();
    private final AnnotationCommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    record Versioned(@TargetAggregateIdentifier UUID id, @TargetAggregateVersion Integer version) {
    }

    static class WithFields {
        @TargetAggregateIdentifier
        private final String id;
        @TargetAggregateVersion
        private final String version;

        WithFields(String id, String version) {
            this.id = id;
            this.version = version;
        }
    }

    static Stream<Object> commands() {
        return Stream.of(
                new CreateIdea("user-1", UUID.randomUUID(), "Coda", null, null, null, null), // an interface's default method
                new DeleteUser("user-2"),                                                   // a record component
                new Versioned(UUID.randomUUID(), 7),
                new Versioned(UUID.randomUUID(), null),
                new WithFields("job-1", "12"));                                             // plain fields
    }

    @ParameterizedTest
    @MethodSource("commands")
    void resolvesEveryKindOfCommandAsAxonsResolverDoes(Object command) {
        var message = GenericCommandMessage.asCommandMessage(command);

        assertThat(targets.resolveTarget(message)).isEqualTo(axon.resolveTarget(message));
        assertThat(targets.resolveTarget(message)).as("again, from the remembered members")
                .isEqualTo(axon.resolveTarget(message));
    }

    @Test
    void refusesACommandWithoutATarget() {
        assertThatThrownBy(() -> targets.resolveTarget(GenericCommandMessage.asCommandMessage("no target")))
                .isInstanceOf(IdentifierMissingException.class)
                .hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> targets.resolveTarget(GenericCommandMessage.asCommandMessage(new DeleteUser(null))))
                .isInstanceOf(IdentifierMissingException.class);
    }
}
