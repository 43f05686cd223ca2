package dev.coda.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Two command-service instances against one event store (ARCHITECTURE.md decision 10): each keeps the boards it
 * served in memory, and each must act on what the other wrote since, not on its own cached copy.
 */
class TwoInstancesTest extends CommandServiceTest {

    private static final String[] SHARED_SETTINGS = {"spring.datasource.url", "spring.datasource.username",
            "spring.datasource.password", "coda.security.jwt.secret", "coda.secrets.master-key"};

    @Autowired
    private Environment environment;

    @Test
    void eachInstanceDecidesOnWhatTheOtherAppended() throws Exception {
        try (ConfigurableApplicationContext other = startAnotherInstance()) {
            int otherPort = ((WebServerApplicationContext) other).getWebServer().getPort();
            String user = registerUser();
            String token = TestTokens.user(user);
            String first = createIdea(port, token, "first");
            String second = createIdea(otherPort, token, "second, created beside the first instance's cached board");

            HttpResponse<String> starredHere = send("PUT", "/api/ideas/" + second + "/star", token, null, Map.of());
            assertThat(starredHere.statusCode()).as("an idea the other instance created is found: %s", starredHere.body())
                    .isEqualTo(200);

            HttpResponse<String> unstarredThere = sendTo(otherPort, "DELETE", "/api/ideas/" + second + "/star", token,
                    null, Map.of());
            assertThat(unstarredThere.statusCode()).as(unstarredThere.body()).isEqualTo(200);
            assertThat(eventTypes(user)).as("the other instance saw the star and took it off")
                    .endsWith("IdeaStarred", "IdeaUnstarred");

            String version = body(sendTo(otherPort, "PUT", "/api/ideas/" + first + "/star", token, null, Map.of()))
                    .get("version").asText();
            HttpResponse<String> unstarredHere = send("DELETE", "/api/ideas/" + first + "/star", token, null,
                    Map.of("If-Match", "\"" + version + "\""));
            assertThat(unstarredHere.statusCode()).as("the version the other instance answered is current here: %s",
                    unstarredHere.body()).isEqualTo(200);
            assertThat(eventTypes(user)).endsWith("IdeaStarred", "IdeaUnstarred", "IdeaStarred", "IdeaUnstarred");
        }
    }

    private String createIdea(int instancePort, String token, String title) throws Exception {
        HttpResponse<String> created = sendTo(instancePort, "POST", "/api/ideas", token,
                "{\"title\":\"" + title + "\"}", Map.of());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return body(created).get("id").asText();
    }

    private ConfigurableApplicationContext startAnotherInstance() {
        String[] arguments = Stream.concat(Stream.of("--server.port=0"),
                        Stream.of(SHARED_SETTINGS).map(name -> "--" + name + "=" + environment.getRequiredProperty(name)))
                .toArray(String[]::new);
        return new SpringApplicationBuilder(CommandServiceApplication.class).run(arguments);
    }
}
