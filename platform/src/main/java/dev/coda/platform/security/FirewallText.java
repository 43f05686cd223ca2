package dev.coda.platform.security;

/**
 * The text Spring Security's strict firewall lets through in header names, header values and parameter names:
 * every character assigned in Unicode and none a control character (a tab allowed in a header value). Its own
 * check is a regular expression ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}) that the firewall runs on every
 * read of a header, and a request reads its bearer token several times: under load that was a tenth of the
 * query-service's CPU. This loop says the same with one comparison per printable ASCII character.
 */
final class FirewallText {

    private FirewallText() {
    }

    static boolean isAllowedName(String text) {
        return assignedAndNotControl(text, false);
    }

    static boolean isAllowedHeaderValue(String text) {
        return assignedAndNotControl(text, true);
    }

    private static boolean assignedAndNotControl(String text, boolean tabAllowed) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            boolean printableAscii = c >= ' ' && c <= '~';
            if (!printableAscii && !(tabAllowed && c == '\t') && (Character.isISOControl(c) || !Character.isDefined(c))) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }
}
