package dev.coda.command.ideas;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.coda.command.users.UserRegistry;
import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdeaBoardTest {

    private static final String USER = "u1";

    private final UserRegistry users = mock(UserRegistry.class);
    private AggregateTestFixture<IdeaBoard> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(IdeaBoard.class);
        fixture.registerInjectableResource(users);
        when(users.contains(USER)).thenReturn(true);
    }

    @Test
    void aRegisteredUsersFirstIdeaTakesPositionZero() {
        UUID idea = UUID.randomUUID();
        fixture.givenNoPriorActivity()
                .when(new CreateIdea(USER, idea, "Coda", "notes", null, null))
                .expectResultMessagePayload(new IdeaPlaced(idea, 0))
                .expectEvents(new IdeaCreated(USER, idea, "Coda", "notes", null, null, 0, fixture.currentTime()));
    }

    @Test
    void aNewIdeaGoesToTheEndOfTheList() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        fixture.given(new IdeaCreated(USER, first, "First", null, null, null, 0, fixture.currentTime()))
                .when(new CreateIdea(USER, second, "Second", null, "https://github.com/coda/coda", "repo"))
                .expectResultMessagePayload(new IdeaPlaced(second, 1))
                .expectEvents(new IdeaCreated(USER, second, "Second", null, "https://github.com/coda/coda", "repo",
                        1, fixture.currentTime()));
    }

    @Test
    void rejectsIdeasOfAUserWhoWasNeverRegistered() {
        fixture.givenNoPriorActivity()
                .when(new CreateIdea("stranger", UUID.randomUUID(), "Title", null, null, null))
                .expectException(UnknownUser.class)
                .expectNoEvents();
    }
}
