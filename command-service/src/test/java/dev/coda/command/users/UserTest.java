package dev.coda.command.users;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.coda.contracts.users.UserEvent.UserRegistered;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserTest {

    private final UserRegistry registry = mock(UserRegistry.class);
    private AggregateTestFixture<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(registry);
    }

    @Test
    void registeringAUserClaimsTheEmailAndRecordsTheRegistration() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser("u1", "Ada", "ada@example.com", null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserRegistered("u1", "Ada", "ada@example.com", null, fixture.currentTime()));
        verify(registry).register("u1", "ada@example.com");
    }

    @Test
    void rejectsAnEmailThatAnotherUserRegistered() {
        doThrow(new EmailAlreadyRegistered()).when(registry).register(anyString(), anyString());

        fixture.givenNoPriorActivity()
                .when(new RegisterUser("u2", "Eve", "ada@example.com", null))
                .expectException(EmailAlreadyRegistered.class)
                .expectNoEvents();
    }
}
