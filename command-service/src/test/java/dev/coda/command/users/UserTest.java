package dev.coda.command.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.coda.command.CommandRefused;
import dev.coda.command.users.UserCommand.ChangeProfile;
import dev.coda.command.users.UserCommand.DeleteUser;
import dev.coda.command.users.UserCommand.EndSession;
import dev.coda.command.users.UserCommand.ExpireSession;
import dev.coda.command.users.UserCommand.ExtendSession;
import dev.coda.command.users.UserCommand.LinkAccount;
import dev.coda.command.users.UserCommand.RegisterUser;
import dev.coda.command.users.UserCommand.StartSession;
import dev.coda.command.users.UserCommand.UnlinkAccount;
import dev.coda.contracts.users.UserEvent.AccountLinked;
import dev.coda.contracts.users.UserEvent.AccountUnlinked;
import dev.coda.contracts.users.UserEvent.SessionEnded;
import dev.coda.contracts.users.UserEvent.SessionExtended;
import dev.coda.contracts.users.UserEvent.SessionStarted;
import dev.coda.contracts.users.UserEvent.UserDeleted;
import dev.coda.contracts.users.UserEvent.UserProfileChanged;
import dev.coda.contracts.users.UserEvent.UserRegistered;
import dev.coda.platform.secrets.DataKey;
import dev.coda.platform.secrets.DataKeys;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.crypto.KeyGenerator;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The user's rules: registries guard what spans users, secrets enter events sealed, deletion shreds. */
class UserTest {

    private static final Instant EXPIRES = Instant.parse("2026-12-01T00:00:00Z");

    private final UserRegistry registry = mock(UserRegistry.class);
    private final DataKeys keys = mock(DataKeys.class);
    private final DataKey key = newKey("u1");
    private AggregateTestFixture<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(registry);
        fixture.registerInjectableResource(keys);
        when(keys.create("u1")).thenReturn(key);
        when(keys.find("u1")).thenReturn(Optional.of(key));
        when(registry.ownerOfSession("session-secret")).thenReturn(Optional.of("u1"));
    }

    @Test
    void registeringClaimsTheEmailAndSealsThePersonalData() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser("u1", "Ada", "ada@example.com", EXPIRES, "https://example.com/ada.png"))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(only(UserRegistered.class, event -> event.emailVerified().equals(EXPIRES)
                        && sealed(event.name(), "Ada") && sealed(event.email(), "ada@example.com")
                        && sealed(event.image(), "https://example.com/ada.png")));
        verify(registry).register("u1", "ada@example.com");
    }

    @Test
    void refusesAnEmailThatAnotherUserHas() {
        doThrow(new CommandRefused(CommandRefused.Reason.EMAIL_TAKEN, "taken")).when(registry).register(anyString(), anyString());

        fixture.givenNoPriorActivity()
                .when(new RegisterUser("u2", "Eve", "ada@example.com", null, null))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void changingTheProfileSealsWhatChangesAndMovesTheEmailInTheRegistry() {
        fixture.given(registered())
                .when(new ChangeProfile("u1", null, "ada@new.example.com", null, null))
                .expectEventsMatching(only(UserProfileChanged.class, event -> event.name() == null
                        && sealed(event.email(), "ada@new.example.com")));
        verify(registry).changeEmail("u1", "ada@new.example.com");
    }

    @Test
    void changingTheEmailDestroysTheKeysOfTheLinksSentToTheOldOne() {
        when(registry.changeEmail("u1", "ada@new.example.com")).thenReturn(List.of("verification:sent-to-old"));

        fixture.given(registered())
                .when(new ChangeProfile("u1", null, "ada@new.example.com", null, null))
                .expectSuccessfulHandlerExecution();
        verify(keys).destroy("verification:sent-to-old");
    }

    @Test
    void linkingAnAccountSealsItsIdAndTokens() {
        fixture.given(registered())
                .when(new LinkAccount("u1", "github", "12345", "oauth", "refresh-secret", "access-secret", 1_800_000_000L,
                        "bearer", "read:user", "id-token-secret", "state-secret"))
                .expectEventsMatching(only(AccountLinked.class, event -> event.provider().equals("github")
                        && sealed(event.providerAccountId(), "12345") && sealed(event.refreshToken(), "refresh-secret")
                        && sealed(event.accessToken(), "access-secret") && sealed(event.idToken(), "id-token-secret")
                        && sealed(event.sessionState(), "state-secret") && event.expiresAt() == 1_800_000_000L
                        && event.scope().equals("read:user")));
        verify(registry).claimAccount("u1", "github", "12345");
    }

    @Test
    void anAccountLinkedToAnotherUserIsRefused() {
        doThrow(new CommandRefused(CommandRefused.Reason.ACCOUNT_TAKEN, "taken")).when(registry)
                .claimAccount("u1", "github", "12345");

        fixture.given(registered())
                .when(new LinkAccount("u1", "github", "12345", "oauth", null, null, null, null, null, null, null))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void unlinkingAnAccountTheUserDoesNotHaveIsNotFound() {
        fixture.given(registered())
                .when(new UnlinkAccount("u1", "github", "999"))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void unlinkingReleasesTheAccount() {
        when(registry.releaseAccount("u1", "github", "12345")).thenReturn(true);

        fixture.given(registered())
                .when(new UnlinkAccount("u1", "github", "12345"))
                .expectEventsMatching(only(AccountUnlinked.class, event -> sealed(event.providerAccountId(), "12345")));
    }

    @Test
    void aSessionStartsSealedAndOnlyOncePerToken() {
        fixture.given(registered())
                .when(new StartSession("u1", "session-secret", EXPIRES))
                .expectEventsMatching(only(SessionStarted.class, event -> sealed(event.sessionToken(), "session-secret")
                        && event.expires().equals(EXPIRES)));
        verify(registry).claimSession(eq("u1"), eq("session-secret"), argThat(sealed -> sealed(sealed, "session-secret")),
                eq(EXPIRES));

        doThrow(new CommandRefused(CommandRefused.Reason.SESSION_EXISTS, "exists")).when(registry)
                .claimSession(eq("u1"), eq("session-secret"), anyString(), eq(EXPIRES));
        fixture.given(registered())
                .when(new StartSession("u1", "session-secret", EXPIRES))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void onlyTheOwnersSessionsCanBeExtendedOrEnded() {
        fixture.given(registered())
                .when(new ExtendSession("u1", "session-secret", EXPIRES.plusSeconds(60)))
                .expectEventsMatching(only(SessionExtended.class, event -> event.expires().equals(EXPIRES.plusSeconds(60))));
        verify(registry).extendSession(eq("session-secret"), argThat(sealed -> sealed(sealed, "session-secret")),
                eq(EXPIRES.plusSeconds(60)));
        fixture.given(registered())
                .when(new EndSession("u1", "session-secret"))
                .expectEventsMatching(only(SessionEnded.class, event -> sealed(event.sessionToken(), "session-secret")));
        verify(registry).releaseSession("session-secret");

        fixture.given(registered())
                .when(new EndSession("u1", "someone-elses-session"))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void aSessionThatExpiredEndsWithTheTokenItWasSealedWithUnlessItWasExtendedMeanwhile() {
        String sealedToken = key.seal("session-secret");
        when(registry.releaseExpiredSession(eq("token-hash"), any())).thenReturn(Optional.of(sealedToken));
        fixture.given(registered())
                .when(new ExpireSession("u1", "token-hash"))
                .expectEvents(new SessionEnded("u1", sealedToken));

        when(registry.releaseExpiredSession(eq("token-hash"), any())).thenReturn(Optional.empty());
        fixture.given(registered())
                .when(new ExpireSession("u1", "token-hash"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void deletingForgetsTheUserAndDestroysTheirKeys() {
        when(registry.forget("u1")).thenReturn(List.of("u1", "verification:abc"));

        fixture.given(registered())
                .when(new DeleteUser("u1"))
                .expectEventsMatching(only(UserDeleted.class, event -> event.userId().equals("u1")))
                .expectMarkedDeleted();
        verify(keys).destroy("u1");
        verify(keys).destroy("verification:abc");
    }

    @Test
    void aDeletedUserTakesNoMoreCommands() {
        fixture.given(registered(), new UserDeleted("u1", Instant.now()))
                .when(new StartSession("u1", "session-secret", EXPIRES))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
        verify(registry, never()).claimSession(anyString(), anyString(), anyString(), any());
    }

    private UserRegistered registered() {
        return new UserRegistered("u1", key.seal("Ada"), key.seal("ada@example.com"), null, null, Instant.now());
    }

    /** The value is sealed (no trace of the plaintext) and opens to the plaintext with the user's key. */
    private boolean sealed(String value, String plaintext) {
        return value != null && !value.contains(plaintext) && key.open(value).equals(plaintext);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <E> org.hamcrest.Matcher only(Class<E> type, Predicate<E> check) {
        return payloadsMatching(exactSequenceOf(predicate(payload -> type.isInstance(payload) && check.test(type.cast(payload)))));
    }

    static DataKey newKey(String subject) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return new DataKey(subject, generator.generateKey());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
