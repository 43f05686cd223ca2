package dev.coda.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** {@code infra/coda token} signs as HS256 does, whatever the secret's length (it computes HMAC itself). */
class CodaTokenCommandTest {

    @Test
    void aTokenCarriesItsClaimsAndAValidSignatureUnderTheDevelopmentSecret() throws Exception {
        String token = token("coda-local-development-secret-not-for-production", "user-1", "--scope", "admin");

        String[] parts = token.split("\\.");
        assertEquals(3, parts.length, token);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"sub\":\"user-1\"") && claims.contains("\"scope\":\"admin\""), claims);
        assertEquals(signature("coda-local-development-secret-not-for-production", parts[0] + "." + parts[1]), parts[2]);
    }

    @Test
    void aSecretOfAnyLengthSignsAsHmacSha256Does() throws Exception {
        String longerThanABlock = "a-secret-longer-than-sixty-four-bytes-".repeat(3); // hashed first, as HMAC requires
        String exactlyABlock = "b".repeat(64);
        String padsToNul = "6666\\\\\\\\" + "6".repeat(40); // 0x36 and 0x5c: a NUL byte in the inner and outer pads
        for (String secret : new String[] {longerThanABlock, exactlyABlock, padsToNul}) {
            String[] parts = token(secret, "user-2").split("\\.");

            assertEquals(signature(secret, parts[0] + "." + parts[1]), parts[2], secret);
        }
    }

    private static String token(String secret, String... arguments) throws Exception {
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(TestInfrastructure.projectRoot().resolve("infra/coda").toString());
        builder.command().add("token");
        builder.command().addAll(java.util.List.of(arguments));
        builder.environment().put("CODA_JWT_SECRET", secret);
        Process process = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "infra/coda token finished");
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    private static String signature(String secret, String signingInput) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    }
}
