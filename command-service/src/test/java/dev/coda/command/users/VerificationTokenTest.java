package dev.coda.command.users;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.coda.command.CommandRefused;
import dev.coda.command.users.VerificationTokenCommand.IssueVerificationToken;
import dev.coda.command.users.VerificationTokenCommand.SweepVerificationToken;
import dev.coda.command.users.VerificationTokenCommand.UseVerificationToken;
import dev.coda.contracts.users.VerificationTokenEvent.VerificationTokenExpired;
import dev.coda.contracts.users.VerificationTokenEvent.VerificationTokenIssued;
import dev.coda.contracts.users.VerificationTokenEvent.VerificationTokenUsed;
import dev.coda.platform.secrets.DataKey;
import dev.coda.platform.secrets.DataKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A verification token is issued once, used once, never after it expires, and shredded when used. */
class VerificationTokenTest {

    private static final String ID = VerificationToken.idOf("ada@example.com", "magic");

    private final UserRegistry registry = mock(UserRegistry.class);
    private final DataKeys keys = mock(DataKeys.class);
    private final DataKey key = UserTest.newKey(ID);
    private AggregateTestFixture<VerificationToken> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(VerificationToken.class);
        fixture.registerInjectableResource(registry);
        fixture.registerInjectableResource(keys);
        when(keys.create(ID)).thenReturn(key);
        when(keys.find(ID)).thenReturn(Optional.of(key));
        when(registry.spendVerificationToken(ID)).thenReturn(true);
    }

    @Test
    void issuingSealsTheIdentifierAndTheToken() {
        Instant expires = expiresIn(Duration.ofHours(1));
        fixture.givenNoPriorActivity()
                .when(new IssueVerificationToken(ID, "ada@example.com", "magic", expires))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.axonframework.test.matchers.Matchers.<Object>predicate(payload ->
                                        payload instanceof VerificationTokenIssued issued
                                                && key.open(issued.identifier()).equals("ada@example.com")
                                                && !issued.token().contains("magic") && key.open(issued.token()).equals("magic")))));
        verify(registry).issueVerificationToken(ID, "ada@example.com", expires);
    }

    @Test
    void aTokenIsIssuedOnlyOnce() {
        fixture.given(issued(Duration.ofHours(1)))
                .when(new IssueVerificationToken(ID, "ada@example.com", "magic", expiresIn(Duration.ofHours(1))))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void usingSpendsTheTokenAndDestroysItsKey() {
        Instant expires = expiresIn(Duration.ofHours(1));
        fixture.given(new VerificationTokenIssued(ID, key.seal("ada@example.com"), key.seal("magic"), expires))
                .when(new UseVerificationToken(ID))
                .expectResultMessagePayload(expires)
                .expectEvents(new VerificationTokenUsed(ID, fixture.currentTime()));
        verify(keys).destroy(ID);
        verify(registry).spendVerificationToken(ID);
    }

    @Test
    void aTokenVoidedMeanwhileByAnEmailChangeOrADeletionFindsNothing() {
        when(registry.spendVerificationToken(ID)).thenReturn(false); // its row went while the use waited for its lock

        fixture.given(issued(Duration.ofHours(1)))
                .when(new UseVerificationToken(ID))
                .expectException(CommandRefused.class)
                .expectNoEvents();
        verify(keys, never()).destroy(ID);
    }

    @Test
    void aSecondUseFindsNothing() {
        fixture.given(issued(Duration.ofHours(1)), new VerificationTokenUsed(ID, Instant.now()))
                .when(new UseVerificationToken(ID))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void anExpiredTokenFindsNothing() {
        fixture.given(issued(Duration.ofHours(-1)))
                .when(new UseVerificationToken(ID))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void aTokenWhoseKeyWasDestroyedFindsNothing() {
        when(keys.find(ID)).thenReturn(Optional.empty());

        fixture.given(issued(Duration.ofHours(1)))
                .when(new UseVerificationToken(ID))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void aSweepOfATokenThatExpiredUnusedDestroysItsKeyAndSpendsIt() {
        fixture.given(issued(Duration.ofHours(-1)))
                .when(new SweepVerificationToken(ID))
                .expectEvents(new VerificationTokenExpired(ID, fixture.currentTime()));
        verify(keys).destroy(ID);
        verify(registry).spendVerificationToken(ID);
    }

    @Test
    void aSweptTokenFindsNothing() {
        fixture.given(issued(Duration.ofHours(-1)), new VerificationTokenExpired(ID, Instant.now()))
                .when(new UseVerificationToken(ID))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void aSweepBeforeTheExpiryWaitsForIt() {
        VerificationTokenIssued issued = issued(Duration.ofHours(1));
        fixture.given(issued)
                .when(new SweepVerificationToken(ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        verify(registry).sweepVerificationTokenAt(ID, issued.expires());
        verify(keys, never()).destroy(ID);
    }

    @Test
    void aSweepOfASpentTokenOnlyDropsItsRow() {
        fixture.given(issued(Duration.ofHours(-1)), new VerificationTokenUsed(ID, Instant.now()))
                .when(new SweepVerificationToken(ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        verify(registry).spendVerificationToken(ID);
        verify(keys, never()).destroy(ID);
    }

    private VerificationTokenIssued issued(Duration validFor) {
        return new VerificationTokenIssued(ID, key.seal("ada@example.com"), key.seal("magic"), expiresIn(validFor));
    }

    private Instant expiresIn(Duration duration) {
        return fixture.currentTime().plus(duration);
    }
}
