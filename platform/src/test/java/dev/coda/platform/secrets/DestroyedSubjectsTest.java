package dev.coda.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The interleavings of a request's question with the listener's news, played in order on one thread. */
class DestroyedSubjectsTest {

    private final DestroyedSubjects subjects = new DestroyedSubjects();

    @Test
    void anAnswerAskedBeforeADestructionWasHeardIsNotRemembered() {
        subjects.listening();
        long ticket = subjects.ticket(); // a request asks the database, which says "not destroyed"
        subjects.notified("user-1"); // the destruction commits meanwhile

        subjects.remember(ticket, "user-1", false);

        assertThat(subjects.known("user-1")).as("asked again next time").isNull();
    }

    @Test
    void aRememberedLiveSubjectIsDestroyedOnceHeardOf() {
        subjects.listening();
        subjects.remember(subjects.ticket(), "user-1", false);
        assertThat(subjects.known("user-1")).isFalse();

        subjects.notified("user-1");

        assertThat(subjects.known("user-1")).isTrue();
    }

    @Test
    void nothingIsRememberedOrUsedWhileDeafNorWhatWasAskedAcrossIt() {
        subjects.listening();
        subjects.remember(subjects.ticket(), "user-1", false);
        long acrossTheOutage = subjects.ticket();

        subjects.deaf();
        assertThat(subjects.known("user-1")).isNull();
        subjects.remember(subjects.ticket(), "user-2", false);
        subjects.listening();
        subjects.remember(acrossTheOutage, "user-3", false);

        assertThat(subjects.known("user-1")).isNull();
        assertThat(subjects.known("user-2")).isNull();
        assertThat(subjects.known("user-3")).isNull();
    }
}
