package dev.coda.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs HS256 bearer tokens for tests, as {@code infra/coda token} does for local runs. */
public final class TestTokens {

    /** The secret every test configures its services with; it is never used outside tests. */
    public static final String SECRET = "coda-test-secret-0123456789abcdef0123456789";

    /** The master key (base64, 32 bytes) every test configures its services with; never used outside tests. */
    public static final String MASTER_KEY = "Y29kYS10ZXN0LW1hc3Rlci1rZXktMDEyMzQ1Njc4OWE=";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {
    }

    public static String user(String userId) {
        return sign(SECRET, userId, null, Instant.now().plusSeconds(3600));
    }

    public static String authAdapter() {
        return sign(SECRET, "auth-adapter", "auth-adapter", Instant.now().plusSeconds(3600));
    }

    /** An operator's token: scope admin, for Actuator beyond health and Prometheus. */
    public static String admin() {
        return sign(SECRET, "operator", "admin", Instant.now().plusSeconds(3600));
    }

    /** A runner token as the command-service issues it for an approved pairing. */
    public static String runner(String userId, String pairingId) {
        return sign(SECRET, userId, "runner", Instant.now().plusSeconds(3600),
                ",\"pairing_id\":\"" + pairingId + "\",\"jti\":\"" + java.util.UUID.randomUUID() + "\"");
    }

    public static String sign(String secret, String subject, String scope, Instant expiresAt) {
        return sign(secret, subject, scope, expiresAt, "");
    }

    private static String sign(String secret, String subject, String scope, Instant expiresAt, String extraClaims) {
        return signClaims(secret, "{\"sub\":\"" + subject + "\",\"iat\":" + Instant.now().getEpochSecond()
                + ",\"exp\":" + expiresAt.getEpochSecond() + (scope == null ? "" : ",\"scope\":\"" + scope + "\"")
                + extraClaims + "}");
    }

    /** A token of these claims (a JSON object), signed with {@code secret}: for tokens of odd shapes. */
    public static String signClaims(String secret, String claimsJson) {
        String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String signingInput = header + "." + encode(claimsJson);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
