package dev.coda.command.pairings;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.coda.platform.security.JwtProperties;
import dev.coda.platform.security.RunnerTokenCheck;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Signs runner tokens: JWTs with scope {@code runner}, the user as subject and the pairing as a claim.
 * They are never stored; the pairing registry remembers each token's id so revocation takes effect at once.
 */
@Component
class RunnerTokens implements RunnerTokenCheck {

    private final JwtProperties jwt;
    private final PairingProperties properties;
    private final PairingRegistry registry;

    RunnerTokens(JwtProperties jwt, PairingProperties properties, PairingRegistry registry) {
        this.jwt = jwt;
        this.properties = properties;
        this.registry = registry;
    }

    String sign(String userId, UUID pairingId, String tokenId) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(jwt.issuer() == null || jwt.issuer().isBlank() ? null : jwt.issuer()) // required of every token when set
                .subject(userId)
                .jwtID(tokenId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(properties.runnerTokenTtl())))
                .claim("scope", RunnerTokenCheck.SCOPE)
                .claim(RunnerTokenCheck.PAIRING_CLAIM, pairingId.toString())
                .build();
        try {
            SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            token.sign(new MACSigner(jwt.secret().getBytes(StandardCharsets.UTF_8)));
            return token.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a runner token", e);
        }
    }

    @Override
    public boolean isActive(String pairingId, String tokenId) {
        try {
            return registry.isTokenValid(UUID.fromString(pairingId), tokenId);
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
    }
}
