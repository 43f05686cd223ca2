package dev.coda.command.pairings;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.coda.command.CommandRefused;
import dev.coda.command.pairings.Pairing.PollOutcome;
import dev.coda.command.pairings.Pairing.PollStatus;
import dev.coda.command.pairings.PairingCommand.ApprovePairing;
import dev.coda.command.pairings.PairingCommand.ClaimPairing;
import dev.coda.command.pairings.PairingCommand.CollectRunnerToken;
import dev.coda.command.pairings.PairingCommand.RevokePairing;
import dev.coda.command.pairings.PairingCommand.StartPairing;
import dev.coda.command.users.UnknownUser;
import dev.coda.command.users.UserRegistry;
import dev.coda.contracts.devmode.PairingEvent.PairingApproved;
import dev.coda.contracts.devmode.PairingEvent.PairingClaimed;
import dev.coda.contracts.devmode.PairingEvent.PairingRevoked;
import dev.coda.contracts.devmode.PairingEvent.PairingStarted;
import dev.coda.contracts.devmode.PairingEvent.RunnerTokenIssued;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PairingTest {

    private static final String USER = "u1";
    private static final Duration WINDOW = Duration.ofMinutes(20);
    private final UUID pairing = UUID.randomUUID();
    private final PairingRegistry registry = mock(PairingRegistry.class);
    private final UserRegistry users = mock(UserRegistry.class);
    private AggregateTestFixture<Pairing> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Pairing.class);
        fixture.registerInjectableResource(registry);
        fixture.registerInjectableResource(users);
        fixture.registerInjectableResource(new PairingProperties(Duration.ofMinutes(10), 10, Duration.ofMinutes(10),
                Duration.ofDays(1), WINDOW, 2));
        when(users.lock(USER)).thenReturn(true);
    }

    private Instant now() {
        return fixture.currentTime().truncatedTo(ChronoUnit.MICROS);
    }

    private PairingStarted started() {
        return new PairingStarted(USER, pairing, "code-hash", "placeholder", now().plusSeconds(600), now().minusSeconds(1));
    }

    private PairingClaimed claimed() {
        return new PairingClaimed(USER, pairing, "jti-hash", "cli", "1.0", "laptop", now().minusSeconds(1));
    }

    @Test
    void startingAPairingRecordsOnlyTheHashesAndRegistersTheCode() {
        fixture.givenNoPriorActivity()
                .when(new StartPairing(USER, pairing, "code-hash", "placeholder", Duration.ofMinutes(10)))
                .expectEvents(new PairingStarted(USER, pairing, "code-hash", "placeholder", now().plus(Duration.ofMinutes(10)), now()));
        verify(registry).started(pairing, USER, "code-hash", now().plus(Duration.ofMinutes(10)));
    }

    @Test
    void aUserWithTheMostPairingsOpenCannotStartAnother() {
        when(registry.open(USER, now())).thenReturn(2);
        fixture.givenNoPriorActivity()
                .when(new StartPairing(USER, pairing, "code-hash", "placeholder", Duration.ofMinutes(10)))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("A user has at most 2 pairings open (approved, or waiting for a runner or an approval):"
                        + " revoke one first.")
                .expectNoEvents();
        verify(registry, never()).started(pairing, USER, "code-hash", now().plus(Duration.ofMinutes(10)));
    }

    @Test
    void aUserWhoWasNeverRegisteredCannotStartAPairing() {
        fixture.givenNoPriorActivity()
                .when(new StartPairing("stranger", pairing, "code-hash", "placeholder", Duration.ofMinutes(10)))
                .expectException(UnknownUser.class)
                .expectNoEvents();
        verifyNoInteractions(registry);
    }

    @Test
    void aRunnerClaimsTheCodeWithItsDescription() {
        fixture.given(started())
                .when(new ClaimPairing(pairing, "jti-hash", "desktop", "2.1", "studio"))
                .expectEvents(new PairingClaimed(USER, pairing, "jti-hash", "desktop", "2.1", "studio", now()));
        verify(registry).claimed(pairing, "jti-hash");
    }

    @Test
    void aCodeCanBeClaimedOnlyOnce() {
        fixture.given(started(), claimed())
                .when(new ClaimPairing(pairing, "jti-2", "cli", "1.0", "intruder"))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void aClaimSentAgainWithItsJtiIsAnsweredAsBeforeUntilApproval() {
        fixture.given(started(), claimed())
                .when(new ClaimPairing(pairing, "jti-hash", "cli", "1.0", "laptop"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(started(), claimed(), new PairingApproved(USER, pairing, now()))
                .when(new ClaimPairing(pairing, "jti-hash", "cli", "1.0", "laptop"))
                .expectException(CommandRefused.class)
                .expectNoEvents();
        verifyNoInteractions(registry);
    }

    @Test
    void anExpiredCodeCannotBeClaimed() {
        fixture.given(new PairingStarted(USER, pairing, "code-hash", "p", now().minusSeconds(1), now().minusSeconds(601)))
                .when(new ClaimPairing(pairing, "jti", "cli", "1.0", "late"))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("The pairing code is unknown, used or expired.")
                .expectNoEvents();
    }

    @Test
    void theUserApprovesAClaimedPairingAndItsCodeIsUsedUp() {
        fixture.given(started(), claimed())
                .when(new ApprovePairing(USER, pairing))
                .expectEvents(new PairingApproved(USER, pairing, now()));
        verify(registry).approved(pairing);
    }

    @Test
    void anUnclaimedPairingCannotBeApproved() {
        fixture.given(started())
                .when(new ApprovePairing(USER, pairing))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("No runner has claimed this pairing's code yet.");
    }

    @Test
    void aRevokedPairingCannotBeApproved() {
        fixture.given(started(), claimed(), new PairingRevoked(USER, pairing, now()))
                .when(new ApprovePairing(USER, pairing))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("The pairing was revoked; start a new one.")
                .expectNoEvents();
        fixture.given(started(), claimed(), new PairingApproved(USER, pairing, now()), new PairingRevoked(USER, pairing, now()))
                .when(new ApprovePairing(USER, pairing))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void anotherUserCannotApprove() {
        fixture.given(started(), claimed())
                .when(new ApprovePairing("u2", pairing))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("No such pairing.")
                .expectNoEvents();
    }

    @Test
    void pollsArePendingUntilApproval() {
        fixture.given(started(), claimed())
                .when(new CollectRunnerToken(pairing, "token-1", WINDOW))
                .expectResultMessagePayload(new PollOutcome(PollStatus.PENDING, USER, null))
                .expectNoEvents();
    }

    @Test
    void theFirstPollAfterApprovalCollectsTheToken() {
        fixture.given(started(), claimed(), new PairingApproved(USER, pairing, now()))
                .when(new CollectRunnerToken(pairing, "token-1", WINDOW))
                .expectResultMessagePayload(new PollOutcome(PollStatus.ISSUED, USER, "token-1"))
                .expectEvents(new RunnerTokenIssued(USER, pairing, "token-1", now()));
        verify(registry).tokenIssued(pairing, "token-1");
    }

    @Test
    void aPollAgainWithinTheWindowCollectsTheSameTokenAndRecordsNothing() {
        fixture.given(started(), claimed(), new PairingApproved(USER, pairing, now()),
                        new RunnerTokenIssued(USER, pairing, "token-1", now().minus(WINDOW).plusSeconds(1)))
                .when(new CollectRunnerToken(pairing, "token-2", WINDOW))
                .expectResultMessagePayload(new PollOutcome(PollStatus.ISSUED, USER, "token-1"))
                .expectNoEvents();
        verifyNoInteractions(registry);
    }

    @Test
    void oncePastTheWindowPollsCollectNoToken() {
        fixture.given(started(), claimed(), new PairingApproved(USER, pairing, now()),
                        new RunnerTokenIssued(USER, pairing, "token-1", now().minus(WINDOW)))
                .when(new CollectRunnerToken(pairing, "token-2", WINDOW))
                .expectResultMessagePayload(new PollOutcome(PollStatus.APPROVED, USER, null))
                .expectNoEvents();
        verifyNoInteractions(registry);
    }

    @Test
    void revokingAPairingIsRecordedOnceAndEndsItsToken() {
        fixture.given(started(), claimed(), new PairingApproved(USER, pairing, now()))
                .when(new RevokePairing(USER, pairing))
                .expectEvents(new PairingRevoked(USER, pairing, now()));
        verify(registry).revoked(pairing);
        fixture.given(started(), new PairingRevoked(USER, pairing, now()))
                .when(new CollectRunnerToken(pairing, "t", WINDOW))
                .expectResultMessagePayload(new PollOutcome(PollStatus.REVOKED, USER, null))
                .expectNoEvents();
    }
}
