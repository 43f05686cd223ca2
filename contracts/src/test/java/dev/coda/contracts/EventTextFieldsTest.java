package dev.coda.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.contracts.devmode.JobEvent;
import dev.coda.contracts.devmode.PairingEvent;
import dev.coda.contracts.ideas.IdeaEvent;
import dev.coda.contracts.users.UserEvent;
import dev.coda.contracts.users.VerificationTokenEvent;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every text field of every stored event is classified by what the event store, and {@code coda.events}, which
 * Kafka keeps forever, hold of it: sealed with a data key, left out of {@code coda.events} by the connector
 * ({@code transforms.domainEvents.payload.exclude.list}), or published as written. A text field added to an
 * event fails here until it is classified, so that no new secret reaches Kafka by oversight.
 */
class EventTextFieldsTest {

    private static final List<Class<?>> EVENTS = List.of(UserEvent.class, VerificationTokenEvent.class,
            IdeaEvent.class, JobEvent.class, PairingEvent.class);

    /** Personal data and secrets: encrypted with the user's (or the verification token's) data key. */
    private static final Set<String> SEALED = Set.of(
            "UserRegistered.name", "UserRegistered.email", "UserRegistered.image",
            "UserProfileChanged.name", "UserProfileChanged.email", "UserProfileChanged.image",
            "AccountLinked.providerAccountId", "AccountLinked.refreshToken", "AccountLinked.accessToken",
            "AccountLinked.idToken", "AccountLinked.sessionState", "AccountUnlinked.providerAccountId",
            "SessionStarted.sessionToken", "SessionExtended.sessionToken", "SessionEnded.sessionToken",
            "VerificationTokenIssued.identifier", "VerificationTokenIssued.token");

    /** Hashes that the read model keeps in columns never published: left out of coda.events. */
    private static final Set<String> LEFT_OUT = Set.of(
            "IdeaDeleted.undoTokenHash", "IdeaUndoTokenReissued.undoTokenHash", "PairingStarted.pairingCodeHash", "PairingStarted.pairingJtiHash",
            "PairingClaimed.pairingJtiHash");

    /** What users write, ids, and descriptions of providers and runners: published as written. */
    private static final Set<String> PUBLISHED_NAMES = Set.of("userId", "tokenId", "provider", "type", "tokenType",
            "scope", "title", "notes", "githubUrl", "linkLabel", "detail", "id", "content", "idempotencyKey", "requestHash", "command",
            "cwd", "level", "message", "runnerType", "runnerVersion", "hostname");

    @Test
    void everyTextFieldOfEveryEventIsClassified() {
        Set<String> unclassified = new TreeSet<>();
        for (String field : textFields()) {
            String name = field.substring(field.indexOf('.') + 1);
            if (!SEALED.contains(field) && !LEFT_OUT.contains(field) && !PUBLISHED_NAMES.contains(name)) {
                unclassified.add(field);
            }
        }
        assertThat(unclassified).as("text fields to classify as sealed, left out of coda.events or published").isEmpty();
        assertThat(textFields()).as("every classified field exists").containsAll(SEALED).containsAll(LEFT_OUT)
                .as("the text of records inside events too").contains("JobLogsAppended.message", "FeatureAdded.content");
    }

    @Test
    void theConnectorLeavesOutOfCodaEventsTheFieldsClassifiedSo() throws IOException {
        Properties connector = new Properties();
        try (Reader file = Files.newBufferedReader(Path.of("..", "cdc-relay", "src", "main", "resources", "connector",
                "coda-postgres.properties"))) {
            connector.load(file);
        }
        Set<String> excluded = Set.of(connector.getProperty("transforms.domainEvents.payload.exclude.list").split(","));

        assertThat(excluded).isEqualTo(LEFT_OUT.stream().map(field -> field.substring(field.indexOf('.') + 1))
                .collect(Collectors.toSet()));
    }

    /** {@code Event.field} for each text field of each event, and of the records events hold. */
    private static Set<String> textFields() {
        Set<String> fields = new TreeSet<>();
        for (Class<?> events : EVENTS) {
            for (Class<?> event : events.getPermittedSubclasses()) {
                collect(event, event.getSimpleName(), fields);
            }
        }
        return fields;
    }

    private static void collect(Class<?> record, String owner, Set<String> fields) {
        for (RecordComponent component : record.getRecordComponents()) {
            Type type = component.getGenericType();
            if (type instanceof ParameterizedType list) {
                type = list.getActualTypeArguments()[0];
            }
            if (type == String.class) {
                fields.add(owner + "." + component.getName());
            } else if (type instanceof Class<?> nested && nested.isRecord()) {
                collect(nested, owner, fields);
            }
        }
    }
}
