package dev.coda.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The loop answers as Spring Security's own predicates do, for every code point and for text around them. */
class FirewallTextTest {

    @Test
    void namesAreAllowedExactlyAsSpringSecurityAllowsThem() {
        assertSameAnswers(FirewallText::isAllowedName, StrictHttpFirewall.ALLOWED_HEADER_NAMES);
        assertSameAnswers(FirewallText::isAllowedName, StrictHttpFirewall.ALLOWED_PARAMETER_NAMES);
    }

    @Test
    void headerValuesAreAllowedExactlyAsSpringSecurityAllowsThem() {
        assertSameAnswers(FirewallText::isAllowedHeaderValue, StrictHttpFirewall.ALLOWED_HEADER_VALUES);
    }

    @Test
    void aBearerTokenPassesAndAControlCharacterInItDoesNot() {
        String header = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl";

        assertThat(FirewallText.isAllowedHeaderValue(header)).isTrue();
        assertThat(FirewallText.isAllowedHeaderValue(header + "\n")).isFalse();
        assertThat(FirewallText.isAllowedHeaderValue("a\tb")).isTrue();
        assertThat(FirewallText.isAllowedName("a\tb")).isFalse();
    }

    private static void assertSameAnswers(Predicate<String> loop, Predicate<String> spring) {
        List<String> texts = new ArrayList<>(List.of("", "\uD800", "a\uDC00b", "\uD83D\uDE00", "x\u0085y"));
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String alone = Character.toString(codePoint);
            texts.add(alone);
            if (codePoint % 97 == 0) {
                texts.add("Bearer " + alone + " token");
            }
        }
        List<String> different = texts.stream().filter(text -> loop.test(text) != spring.test(text)).limit(5).toList();
        assertThat(different).as("texts answered otherwise than Spring Security answers them").isEmpty();
    }
}
