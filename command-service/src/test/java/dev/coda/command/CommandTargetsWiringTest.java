package dev.coda.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.config.Configuration;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The aggregates' command handlers take their target resolver from Axon's configuration: it must be ours. */
class CommandTargetsWiringTest extends CommandServiceTest {

    @Autowired
    private Configuration axon;

    @Test
    void axonResolvesCommandTargetsWithCommandTargets() {
        assertThat(axon.getComponent(CommandTargetResolver.class)).isInstanceOf(CommandTargets.class);
    }
}
