package dev.coda.command.ideas;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.coda.command.ideas.IdeaCommand.AddFeatures;
import dev.coda.command.ideas.IdeaCommand.CompleteFeature;
import dev.coda.command.ideas.IdeaCommand.CreateIdea;
import dev.coda.command.ideas.IdeaCommand.DeleteIdea;
import dev.coda.command.ideas.IdeaCommand.EditFeature;
import dev.coda.command.ideas.IdeaCommand.EditIdea;
import dev.coda.command.ideas.IdeaCommand.ImportIdea;
import dev.coda.command.ideas.IdeaCommand.LinkIdea;
import dev.coda.command.ideas.IdeaCommand.MoveFeature;
import dev.coda.command.ideas.IdeaCommand.MoveIdea;
import dev.coda.command.ideas.IdeaCommand.NewFeature;
import dev.coda.command.ideas.IdeaCommand.PurgeIdea;
import dev.coda.command.ideas.IdeaCommand.RemoveFeature;
import dev.coda.command.ideas.IdeaCommand.RestoreIdea;
import dev.coda.command.ideas.IdeaCommand.StarFeature;
import dev.coda.command.ideas.IdeaCommand.StarIdea;
import dev.coda.command.ideas.IdeaCommand.SuperStarIdea;
import dev.coda.command.ideas.IdeaOutcome.FeaturePlaced;
import dev.coda.command.ideas.IdeaOutcome.FeaturesPlaced;
import dev.coda.command.ideas.IdeaOutcome.IdeaChanged;
import dev.coda.command.ideas.IdeaOutcome.IdeaImported;
import dev.coda.command.ideas.IdeaOutcome.IdeaPlaced;
import dev.coda.command.ideas.IdeaOutcome.IdeaTrashed;
import dev.coda.command.users.UnknownUser;
import dev.coda.command.users.UserRegistry;
import dev.coda.contracts.ideas.IdeaEvent.DetailSection;
import dev.coda.contracts.ideas.IdeaEvent.FeatureAdded;
import dev.coda.contracts.ideas.IdeaEvent.FeatureCompleted;
import dev.coda.contracts.ideas.IdeaEvent.FeatureEdited;
import dev.coda.contracts.ideas.IdeaEvent.FeatureMoved;
import dev.coda.contracts.ideas.IdeaEvent.FeatureRemoved;
import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import dev.coda.contracts.ideas.IdeaEvent.IdeaDeleted;
import dev.coda.contracts.ideas.IdeaEvent.IdeaEdited;
import dev.coda.contracts.ideas.IdeaEvent.IdeaLinkCleared;
import dev.coda.contracts.ideas.IdeaEvent.IdeaLinkSet;
import dev.coda.contracts.ideas.IdeaEvent.IdeaMoved;
import dev.coda.contracts.ideas.IdeaEvent.IdeaPurged;
import dev.coda.contracts.ideas.IdeaEvent.IdeaRestored;
import dev.coda.contracts.ideas.IdeaEvent.IdeaStarred;
import dev.coda.contracts.ideas.IdeaEvent.IdeaSuperStarred;
import dev.coda.contracts.ideas.IdeaEvent.IdeaUndoTokenReissued;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.util.unit.DataSize;
import dev.coda.command.CommandRefused;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdeaBoardTest {

    private static final String USER = "u1";
    private static final Duration WEEK = Duration.ofDays(7);

    private final UserRegistry users = mock(UserRegistry.class);
    private final PurgeSchedule purges = mock(PurgeSchedule.class);
    private final UUID first = UUID.randomUUID();
    private final UUID second = UUID.randomUUID();
    private final UUID third = UUID.randomUUID();
    private AggregateTestFixture<IdeaBoard> fixture;

    @BeforeEach
    void setUp() {
        fixture = boardKeeping(100, 1_000);
        when(users.contains(USER)).thenReturn(true);
    }

    /** A fixture whose users keep at most so many ideas and features, the other settings the defaults. */
    private AggregateTestFixture<IdeaBoard> boardKeeping(int maxIdeasPerUser, int maxFeaturesPerUser) {
        return boardKeeping(maxIdeasPerUser, maxFeaturesPerUser, 5_000);
    }

    private AggregateTestFixture<IdeaBoard> boardKeeping(int maxIdeasPerUser, int maxFeaturesPerUser, int maxFeaturesPerIdea) {
        IdeasProperties properties = new IdeasProperties(WEEK, Duration.ofMinutes(1), 250, 2500, maxIdeasPerUser,
                maxFeaturesPerUser, maxFeaturesPerIdea, 1_000_000, 5_000, DataSize.ofMegabytes(160));
        return board(properties, new PositionShifts(properties));
    }

    private AggregateTestFixture<IdeaBoard> board(IdeasProperties properties, PositionShifts shifts) {
        AggregateTestFixture<IdeaBoard> board = new AggregateTestFixture<>(IdeaBoard.class);
        board.registerInjectableResource(users);
        board.registerInjectableResource(purges);
        board.registerInjectableResource(properties);
        board.registerInjectableResource(shifts);
        return board;
    }

    @Test
    void movesDeletionsAndRestoresTakeTheRenumberingsTheyCauseFromTheUsersBucket() {
        fixture = board(new IdeasProperties(WEEK, Duration.ofMinutes(1), 250, 2500, 100, 1_000, 5_000, 1_000_000, 5_000,
                DataSize.ofMegabytes(160)), new PositionShifts(1, 4, () -> 0L));
        fixture.given(created(first, 0), created(second, 1), created(third, 2))
                .when(new MoveIdea(USER, first, 2, null)) // three ideas renumbered
                .expectSuccessfulHandlerExecution();
        fixture.given(created(first, 0), created(second, 1), created(third, 2))
                .when(new DeleteIdea(USER, second, "hash", WEEK, null)) // the second and the third: one left is not enough
                .expectException(TooManyShifts.class)
                .expectNoEvents();
    }

    private Instant now() {
        return fixture.currentTime().truncatedTo(ChronoUnit.MICROS);
    }

    private IdeaCreated created(UUID idea, int position) {
        return new IdeaCreated(USER, idea, "Idea " + position, null, null, null, position, null, now().minusSeconds(60));
    }

    private static NewFeature newFeature(String title) {
        return new NewFeature(UUID.randomUUID(), title, null, null, null, false, null);
    }

    private IdeaCreated[] threeIdeas() {
        return new IdeaCreated[] {created(first, 0), created(second, 1), created(third, 2)};
    }

    private FeatureAdded feature(UUID idea, UUID feature, int position) {
        return new FeatureAdded(USER, idea, feature, "Feature " + position, null, null, null, false, null, position,
                now().minusSeconds(30));
    }

    // ---- creating ----------------------------------------------------------------------------------

    @Test
    void aRegisteredUsersFirstIdeaTakesPositionZero() {
        fixture.givenNoPriorActivity()
                .when(new CreateIdea(USER, first, "Coda", "notes", null, null, null))
                .expectResultMessagePayload(new IdeaPlaced(first, 0, now()))
                .expectEvents(new IdeaCreated(USER, first, "Coda", "notes", null, null, 0, null, now()));
    }

    @Test
    void aNewIdeaGoesToTheEndOfTheList() {
        fixture.given(created(first, 0))
                .when(new CreateIdea(USER, second, "Second", null, "https://github.com/coda/coda", "repo", null))
                .expectEvents(new IdeaCreated(USER, second, "Second", null, "https://github.com/coda/coda", "repo", 1,
                        null, now()));
    }

    @Test
    void aCreateRetriedWithTheSameIdempotencyKeyReturnsTheFirstResultAndCreatesNothing() {
        Instant then = now().minusSeconds(5);
        fixture.given(new IdeaCreated(USER, first, "Once", null, null, null, 0, "key-1", then))
                .when(new CreateIdea(USER, second, "Once", null, null, null, "key-1"))
                .expectResultMessagePayload(new IdeaPlaced(first, 0, then))
                .expectNoEvents();
    }

    @Test
    void theSameIdempotencyKeyWithAnotherRequestIsRefusedAndCreatesNothing() {
        Instant then = now().minusSeconds(5);
        CreateIdea once = new CreateIdea(USER, first, "Once", null, null, null, "key-1");
        IdeaCreated created = new IdeaCreated(USER, first, "Once", null, null, null, 0, "key-1",
                RequestHashes.hashOf(once), then);

        fixture.given(created)
                .when(new CreateIdea(USER, second, "Once", null, null, null, "key-1"))
                .expectResultMessagePayload(new IdeaPlaced(first, 0, then))
                .expectNoEvents();
        fixture.given(created)
                .when(new CreateIdea(USER, second, "Another", null, null, null, "key-1"))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("This Idempotency-Key was used for another request; use a new key for a new request.")
                .expectNoEvents();
        fixture.given(created)
                .when(new ImportIdea(USER, second, "Once", null, false, false, null, null, List.of(), "key-1"))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void aKeyRecordedBeforeRequestsWereHashedAnswersItsRetryWhateverItAsks() {
        Instant then = now().minusSeconds(5);
        fixture.given(new IdeaCreated(USER, first, "Once", null, null, null, 0, "key-1", then))
                .when(new CreateIdea(USER, second, "Another", null, null, null, "key-1"))
                .expectResultMessagePayload(new IdeaPlaced(first, 0, then))
                .expectNoEvents();
    }

    @Test
    void aUserWithAsManyIdeasAsAllowedCreatesNoMoreTheTrashIncluded() {
        fixture = boardKeeping(3, 10);
        fixture.given(threeIdeas())
                .andGiven(new IdeaDeleted(USER, third, 2, "hash", now().plus(WEEK), now().minusSeconds(10)))
                .when(new CreateIdea(USER, UUID.randomUUID(), "Fourth", null, null, null, null))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("A user keeps at most 3 ideas, those in the trash included until they are purged.")
                .expectNoEvents();
    }

    @Test
    void aUserOneIdeaShortOfTheLimitCreatesOneMore() {
        UUID fourth = UUID.randomUUID();
        fixture = boardKeeping(4, 10);
        fixture.given(threeIdeas())
                .when(new CreateIdea(USER, fourth, "Fourth", null, null, null, null))
                .expectEvents(new IdeaCreated(USER, fourth, "Fourth", null, null, null, 3, null, now()));
    }

    @Test
    void aPurgedIdeaMakesRoomAndFreesItsIdempotencyKey() {
        UUID again = UUID.randomUUID();
        fixture = boardKeeping(1, 10);
        fixture.given(new IdeaCreated(USER, first, "Once", null, null, null, 0, "key-1", now().minusSeconds(60)),
                        new IdeaDeleted(USER, first, 0, "hash", now().minusSeconds(1), now().minusSeconds(50)),
                        new IdeaPurged(USER, first, now().minusSeconds(1)))
                .when(new CreateIdea(USER, again, "Again", null, null, null, "key-1"))
                .expectEvents(new IdeaCreated(USER, again, "Again", null, null, null, 0, "key-1",
                        RequestHashes.hashOf(new CreateIdea(USER, again, "Again", null, null, null, "key-1")), now()));
    }

    @Test
    void aUserWithAsManyIdeasAsAllowedImportsNoMore() {
        fixture = boardKeeping(3, 10);
        fixture.given(threeIdeas())
                .when(new ImportIdea(USER, UUID.randomUUID(), "Fourth", null, false, false, null, null, List.of(), null))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("A user keeps at most 3 ideas, those in the trash included until they are purged.")
                .expectNoEvents();
    }

    @Test
    void featuresBeyondTheLimitAreRefusedAllTogether() {
        fixture = boardKeeping(10, 3);
        fixture.given(created(first, 0), feature(first, UUID.randomUUID(), 0))
                .when(new AddFeatures(USER, first, List.of(newFeature("One"), newFeature("Two"), newFeature("Three")), null))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("A user keeps at most 3 features over all their ideas, those of ideas in the"
                        + " trash included until they are purged.")
                .expectNoEvents();
    }

    @Test
    void anImportWhoseFeaturesGoBeyondTheLimitIsRefused() {
        fixture = boardKeeping(10, 2);
        fixture.givenNoPriorActivity()
                .when(new ImportIdea(USER, first, "Imported", null, false, false, null, null,
                        List.of(newFeature("One"), newFeature("Two"), newFeature("Three")), null))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("A user keeps at most 2 features over all their ideas, those of ideas in the"
                        + " trash included until they are purged.")
                .expectNoEvents();
    }

    @Test
    void anIdeaHoldsSoManyFeaturesAddedOrImported() {
        fixture = boardKeeping(10, 100, 2);
        fixture.given(created(first, 0), feature(first, UUID.randomUUID(), 0), created(second, 1))
                .when(new AddFeatures(USER, first, List.of(newFeature("Two"), newFeature("Three")), null))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("An idea holds at most 2 features; this change would bring it to 3.")
                .expectNoEvents();
        fixture.given(created(first, 0), feature(first, UUID.randomUUID(), 0), created(second, 1))
                .when(new AddFeatures(USER, second, List.of(newFeature("One"), newFeature("Two")), null))
                .expectSuccessfulHandlerExecution();
        fixture.givenNoPriorActivity()
                .when(new ImportIdea(USER, first, "Imported", null, false, false, null, null,
                        List.of(newFeature("One"), newFeature("Two"), newFeature("Three")), null))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("An idea holds at most 2 features; this change would bring it to 3.")
                .expectNoEvents();
    }

    @Test
    void featuresUpToTheLimitAreAdded() {
        fixture = boardKeeping(10, 3);
        fixture.given(created(first, 0), feature(first, UUID.randomUUID(), 0))
                .when(new AddFeatures(USER, first, List.of(newFeature("Two"), newFeature("Three")), null))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aRemovedFeatureMakesRoom() {
        UUID removed = UUID.randomUUID();
        fixture = boardKeeping(10, 1);
        fixture.given(created(first, 0), feature(first, removed, 0),
                        new FeatureRemoved(USER, first, removed, 0, now().minusSeconds(1)))
                .when(new AddFeatures(USER, first, List.of(newFeature("Again")), null))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aPurgedIdeaMakesRoomForFeaturesToo() {
        fixture = boardKeeping(10, 1);
        fixture.given(created(first, 0), feature(first, UUID.randomUUID(), 0), created(second, 1),
                        new IdeaDeleted(USER, first, 0, "hash", now().minusSeconds(1), now().minusSeconds(20)),
                        new IdeaPurged(USER, first, now().minusSeconds(1)))
                .when(new AddFeatures(USER, second, List.of(newFeature("Moved on")), null))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aBoardBeyondALoweredLimitStillTakesWhatTheOtherAllows() {
        fixture = boardKeeping(2, 1);
        fixture.given(created(first, 0), created(second, 1), created(third, 2))
                .when(new AddFeatures(USER, first, List.of(newFeature("Allowed")), null))
                .expectSuccessfulHandlerExecution();
        fixture = boardKeeping(10, 1);
        fixture.given(created(first, 0), feature(first, UUID.randomUUID(), 0), feature(first, UUID.randomUUID(), 1))
                .when(new CreateIdea(USER, second, "Allowed", null, null, null, null))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aRetryOfACreateStillAnswersOnAFullBoard() {
        Instant then = now().minusSeconds(5);
        fixture = boardKeeping(1, 10);
        fixture.given(new IdeaCreated(USER, first, "Once", null, null, null, 0, "key-1", then))
                .when(new CreateIdea(USER, second, "Once", null, null, null, "key-1"))
                .expectResultMessagePayload(new IdeaPlaced(first, 0, then))
                .expectNoEvents();
    }

    @Test
    void rejectsIdeasOfAUserWhoWasNeverRegistered() {
        fixture.givenNoPriorActivity()
                .when(new CreateIdea("stranger", first, "Title", null, null, null, null))
                .expectException(UnknownUser.class)
                .expectNoEvents();
    }

    @Test
    void anImportCreatesTheIdeaItsStarsAndItsFeaturesInOrder() {
        UUID f1 = UUID.randomUUID();
        UUID f2 = UUID.randomUUID();
        Instant done = Instant.parse("2026-01-02T03:04:05Z");
        List<DetailSection> sections = List.of(new DetailSection("s1", "Why", "Because", true));
        fixture.given(created(second, 0))
                .when(new ImportIdea(USER, first, "Imported", "n", true, true, null, null, List.of(
                        new NewFeature(f1, "One", null, null, sections, true, done),
                        new NewFeature(f2, "Two", null, null, null, false, null)), null))
                .expectResultMessagePayload(new IdeaImported(first, 1, List.of(f1, f2), now()))
                .expectEvents(
                        new IdeaCreated(USER, first, "Imported", "n", null, null, 1, null, now()),
                        new IdeaStarred(USER, first, now()),
                        new IdeaSuperStarred(USER, first, now()),
                        new FeatureAdded(USER, first, f1, "One", null, null, sections, true, done, 0, now()),
                        new FeatureAdded(USER, first, f2, "Two", null, null, null, false, null, 1, now()));
    }

    // ---- changing an idea --------------------------------------------------------------------------

    @Test
    void editingAnIdeaRecordsItsNewTitleAndNotes() {
        fixture.given(created(first, 0))
                .when(new EditIdea(USER, first, "New title", "New notes", null))
                .expectResultMessagePayload(new IdeaChanged(now()))
                .expectEvents(new IdeaEdited(USER, first, "New title", "New notes", now()));
    }

    @Test
    void aCommandWithAnOutdatedVersionChangesNothing() {
        fixture.given(created(first, 0))
                .when(new EditIdea(USER, first, "New title", null, now().minusSeconds(3600)))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("The idea changed since the version in If-Match; reload it.")
                .expectNoEvents();
    }

    @Test
    void aCommandWithTheCurrentVersionSucceeds() {
        IdeaCreated idea = created(first, 0);
        fixture.given(idea)
                .when(new StarIdea(USER, first, true, idea.at()))
                .expectEvents(new IdeaStarred(USER, first, now()));
    }

    @Test
    void starringAStarredIdeaChangesNothing() {
        fixture.given(created(first, 0), new IdeaStarred(USER, first, now().minusSeconds(1)))
                .when(new StarIdea(USER, first, true, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void superStarringIsItsOwnFlag() {
        fixture.given(created(first, 0), new IdeaStarred(USER, first, now().minusSeconds(1)))
                .when(new SuperStarIdea(USER, first, true, null))
                .expectEvents(new IdeaSuperStarred(USER, first, now()));
    }

    @Test
    void settingAndClearingTheGithubLink() {
        fixture.given(created(first, 0))
                .when(new LinkIdea(USER, first, "https://github.com/a/b", "repo", null))
                .expectEvents(new IdeaLinkSet(USER, first, "https://github.com/a/b", "repo", now()));
        fixture.given(created(first, 0), new IdeaLinkSet(USER, first, "https://github.com/a/b", null, now()))
                .when(new LinkIdea(USER, first, null, null, null))
                .expectEvents(new IdeaLinkCleared(USER, first, now()));
    }

    @Test
    void anotherUsersIdeaIsNotOnTheBoard() {
        fixture.given(created(first, 0))
                .when(new EditIdea(USER, UUID.randomUUID(), "Title", null, null))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("No such idea.")
                .expectNoEvents();
    }

    // ---- ordering ----------------------------------------------------------------------------------

    @Test
    void movingAnIdeaRecordsWhereFromAndWhereTo() {
        fixture.given((Object[]) threeIdeas())
                .when(new MoveIdea(USER, third, 0, null))
                .expectEvents(new IdeaMoved(USER, third, 2, 0, now()));
    }

    @Test
    void movingPastTheEndMovesToTheEnd() {
        fixture.given((Object[]) threeIdeas())
                .when(new MoveIdea(USER, first, 99, null))
                .expectEvents(new IdeaMoved(USER, first, 0, 2, now()));
    }

    @Test
    void movingAnIdeaToWhereItIsChangesNothing() {
        fixture.given((Object[]) threeIdeas())
                .when(new MoveIdea(USER, second, 1, null))
                .expectNoEvents();
    }

    @Test
    void aMovedIdeaIsFoundAtItsNewPositionLater() {
        fixture.given(created(first, 0), created(second, 1), created(third, 2),
                        new IdeaMoved(USER, third, 2, 0, now().minusSeconds(1)))
                .when(new MoveIdea(USER, first, 0, null))
                .expectEvents(new IdeaMoved(USER, first, 1, 0, now()));
    }

    // ---- trash -------------------------------------------------------------------------------------

    @Test
    void deletingAnIdeaTrashesItForTheUndoWindowAndSchedulesItsPurge() {
        fixture.given((Object[]) threeIdeas())
                .when(new DeleteIdea(USER, second, "hash", WEEK, null))
                .expectEvents(new IdeaDeleted(USER, second, 1, "hash", now().plus(WEEK), now()));
        verify(purges).schedule(USER, second, now().plus(WEEK));
    }

    @Test
    void aDeletedIdeaLeavesTheListSoTheNextIdeaTakesItsPlaceAtTheEnd() {
        fixture.given(created(first, 0), created(second, 1),
                        new IdeaDeleted(USER, first, 0, "hash", now().plus(WEEK), now().minusSeconds(1)))
                .when(new CreateIdea(USER, third, "Third", null, null, null, null))
                .expectEvents(new IdeaCreated(USER, third, "Third", null, null, null, 1, null, now()));
    }

    @Test
    void aDeletedIdeaCannotBeChanged() {
        fixture.given(created(first, 0), new IdeaDeleted(USER, first, 0, "hash", now().plus(WEEK), now().minusSeconds(1)))
                .when(new StarIdea(USER, first, true, null))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void restoringWithTheUndoTokenPutsTheIdeaBackWhereItWas() {
        fixture.given(created(first, 0), created(second, 1), created(third, 2),
                        new IdeaDeleted(USER, second, 1, "hash", now().plus(WEEK), now().minusSeconds(1)))
                .when(new RestoreIdea(USER, second, "hash", null))
                .expectResultMessagePayload(new IdeaPlaced(second, 1, now()))
                .expectEvents(new IdeaRestored(USER, second, 1, now()));
        verify(purges).cancel(second);
    }

    @Test
    void aRestoredIdeaWhoseOldPlaceIsGoneComesBackAtTheEnd() {
        fixture.given(created(first, 0), created(second, 1), created(third, 2),
                        new IdeaDeleted(USER, third, 2, "hash", now().plus(WEEK), now().minusSeconds(2)),
                        new IdeaDeleted(USER, second, 1, "other", now().plus(WEEK), now().minusSeconds(1)))
                .when(new RestoreIdea(USER, third, "hash", null))
                .expectEvents(new IdeaRestored(USER, third, 1, now()));
    }

    @Test
    void aWrongUndoTokenRestoresNothing() {
        fixture.given(created(first, 0), new IdeaDeleted(USER, first, 0, "hash", now().plus(WEEK), now().minusSeconds(1)))
                .when(new RestoreIdea(USER, first, "not-the-hash", null))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("This is not the idea's undo token.")
                .expectNoEvents();
    }

    @Test
    void anIdeaCannotBeRestoredAfterItsUndoWindow() {
        fixture.given(created(first, 0), new IdeaDeleted(USER, first, 0, "hash", now().minusSeconds(1), now().minus(WEEK)))
                .when(new RestoreIdea(USER, first, "hash", null))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("The undo window of this idea has passed.")
                .expectNoEvents();
    }

    @Test
    void deletingAnIdeaInTheTrashAgainReplacesItsUndoTokenAndKeepsItsWindow() {
        Instant expires = now().plus(Duration.ofDays(6));
        fixture.given(created(first, 0), new IdeaDeleted(USER, first, 0, "lost", expires, now().minus(Duration.ofDays(1))))
                .when(new DeleteIdea(USER, first, "new", WEEK, now().minus(Duration.ofDays(2)))) // its If-Match of before
                .expectResultMessagePayload(new IdeaTrashed(expires, now()))
                .expectEvents(new IdeaUndoTokenReissued(USER, first, "new", now()));
        verifyNoInteractions(purges);
    }

    @Test
    void onlyTheReissuedUndoTokenRestores() {
        Instant expires = now().plus(Duration.ofDays(6));
        Object[] reissued = {created(first, 0), new IdeaDeleted(USER, first, 0, "lost", expires, now().minusSeconds(2)),
                new IdeaUndoTokenReissued(USER, first, "new", now().minusSeconds(1))};
        fixture.given(reissued)
                .when(new RestoreIdea(USER, first, "lost", null))
                .expectExceptionMessage("This is not the idea's undo token.");
        fixture.given(reissued)
                .when(new RestoreIdea(USER, first, "new", null))
                .expectEvents(new IdeaRestored(USER, first, 0, now()));
    }

    @Test
    void anIdeaWhoseUndoWindowHasPassedGetsNoNewUndoToken() {
        fixture.given(created(first, 0), new IdeaDeleted(USER, first, 0, "hash", now().minusSeconds(1), now().minus(WEEK)))
                .when(new DeleteIdea(USER, first, "new", WEEK, null))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("The undo window of this idea has passed.")
                .expectNoEvents();
    }

    @Test
    void anIdeaThatIsNotInTheTrashCannotBeRestored() {
        fixture.given(created(first, 0))
                .when(new RestoreIdea(USER, first, "hash", null))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("The idea is not in the trash.")
                .expectNoEvents();
    }

    @Test
    void anIdeaIsPurgedOnceItsUndoWindowHasPassed() {
        fixture.given(created(first, 0), new IdeaDeleted(USER, first, 0, "hash", now().minusSeconds(1), now().minus(WEEK)))
                .when(new PurgeIdea(USER, first, null))
                .expectEvents(new IdeaPurged(USER, first, now()));
        verify(purges).cancel(first);
    }

    @Test
    void anIdeaIsNotPurgedWhileItCanStillBeRestored() {
        fixture.given(created(first, 0), new IdeaDeleted(USER, first, 0, "hash", now().plus(WEEK), now().minusSeconds(1)))
                .when(new PurgeIdea(USER, first, null))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("The idea can still be restored.")
                .expectNoEvents();
    }

    @Test
    void aPurgedIdeaIsGoneForGood() {
        fixture.given(created(first, 0), new IdeaDeleted(USER, first, 0, "hash", now().minusSeconds(1), now().minus(WEEK)),
                        new IdeaPurged(USER, first, now().minusSeconds(1)))
                .when(new RestoreIdea(USER, first, "hash", null))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("No such idea.")
                .expectNoEvents();
    }

    // ---- features ----------------------------------------------------------------------------------

    @Test
    void featuresAreAddedInOrderAfterTheLastOne() {
        UUID existing = UUID.randomUUID();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        fixture.given(created(first, 0), feature(first, existing, 0))
                .when(new AddFeatures(USER, first, List.of(
                        new NewFeature(a, "A", "notes", "detail", null, false, null),
                        new NewFeature(b, "B", null, null, null, false, null)), null))
                .expectResultMessagePayload(new FeaturesPlaced(List.of(new FeaturePlaced(a, 1), new FeaturePlaced(b, 2)), now()))
                .expectEvents(
                        new FeatureAdded(USER, first, a, "A", "notes", "detail", null, false, null, 1, now()),
                        new FeatureAdded(USER, first, b, "B", null, null, null, false, null, 2, now()));
    }

    @Test
    void editingAFeatureRecordsAllItsText() {
        UUID f = UUID.randomUUID();
        List<DetailSection> sections = List.of(new DetailSection("s", "T", "C", null));
        fixture.given(created(first, 0), feature(first, f, 0))
                .when(new EditFeature(USER, first, f, "T2", "N", "D", sections, null))
                .expectEvents(new FeatureEdited(USER, first, f, "T2", "N", "D", sections, now()));
    }

    @Test
    void anUnknownFeatureIsNotFound() {
        fixture.given(created(first, 0))
                .when(new StarFeature(USER, first, UUID.randomUUID(), true, null))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("No such feature.")
                .expectNoEvents();
    }

    @Test
    void completingAFeatureOnceRecordsWhenAndTwiceChangesNothing() {
        UUID f = UUID.randomUUID();
        fixture.given(created(first, 0), feature(first, f, 0))
                .when(new CompleteFeature(USER, first, f, true, null))
                .expectEvents(new FeatureCompleted(USER, first, f, now()));
        fixture.given(created(first, 0), feature(first, f, 0), new FeatureCompleted(USER, first, f, now()))
                .when(new CompleteFeature(USER, first, f, true, null))
                .expectNoEvents();
    }

    @Test
    void movingAFeaturePastTheEndMovesItToTheEnd() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        fixture.given(created(first, 0), feature(first, a, 0), feature(first, b, 1))
                .when(new MoveFeature(USER, first, a, 10, null))
                .expectEvents(new FeatureMoved(USER, first, a, 0, 1, now()));
    }

    @Test
    void removingAFeatureRecordsItsPosition() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        fixture.given(created(first, 0), feature(first, a, 0), feature(first, b, 1))
                .when(new RemoveFeature(USER, first, a, null))
                .expectEvents(new FeatureRemoved(USER, first, a, 0, now()));
    }

    @Test
    void aFeatureChangeIsAChangeOfItsIdea() {
        UUID a = UUID.randomUUID();
        FeatureAdded added = feature(first, a, 0);
        fixture.given(created(first, 0), added)
                .when(new StarIdea(USER, first, true, added.at()))
                .expectEvents(new IdeaStarred(USER, first, now()));
    }

    @Test
    void unknownPurgeScheduleRowsNeverTouchOtherIdeas() {
        fixture.given(created(first, 0))
                .when(new PurgeIdea(USER, second, null))
                .expectException(CommandRefused.class)
                .expectNoEvents();
        org.mockito.Mockito.verify(purges, org.mockito.Mockito.never()).cancel(any());
    }
}
