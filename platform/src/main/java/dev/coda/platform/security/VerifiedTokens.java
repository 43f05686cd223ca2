package dev.coda.platform.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * A bearer token's signature is checked and its claims parsed once; a client sends the same token with every
 * request, so later requests take the parsed token from memory. The validators (expiry, issuer, a revoked
 * runner, a deleted user) still run on every request, so a token stops working the moment it should. A
 * signature is checked again after {@link #REVERIFY_AFTER}, so a token whose signing key was withdrawn from a
 * JWK set stops within that time. At most {@value #MAX_TOKENS} tokens are held; past that the memory starts
 * over.
 */
final class VerifiedTokens implements JwtDecoder {

    static final int MAX_TOKENS = 10_000;
    static final Duration REVERIFY_AFTER = Duration.ofMinutes(5);

    private final JwtDecoder signatureCheck;
    private final OAuth2TokenValidator<Jwt> validator;
    private final long reverifyAfterNanos;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /** A token whose signature was good at {@code nanoTime}. */
    private record Verified(Jwt jwt, long nanoTime) {
    }

    /** {@code signatureCheck} verifies and parses without validating; {@code validator} runs on every decode. */
    VerifiedTokens(JwtDecoder signatureCheck, OAuth2TokenValidator<Jwt> validator) {
        this(signatureCheck, validator, REVERIFY_AFTER);
    }

    VerifiedTokens(JwtDecoder signatureCheck, OAuth2TokenValidator<Jwt> validator, Duration reverifyAfter) {
        this.signatureCheck = signatureCheck;
        this.validator = validator;
        this.reverifyAfterNanos = reverifyAfter.toNanos();
    }

    @Override
    public Jwt decode(String token) {
        Verified known = verified.get(token);
        if (known == null || System.nanoTime() - known.nanoTime() >= reverifyAfterNanos) {
            verified.remove(token);
            known = new Verified(signatureCheck.decode(token), System.nanoTime());
            if (verified.size() >= MAX_TOKENS) {
                verified.clear();
            }
            verified.put(token, known);
        }
        Jwt jwt = known.jwt();
        OAuth2TokenValidatorResult result = validator.validate(jwt);
        if (result.hasErrors()) {
            verified.remove(token);
            String description = result.getErrors().stream().map(OAuth2Error::getDescription).findFirst().orElse("invalid");
            throw new JwtValidationException("The token is not valid: " + description, result.getErrors());
        }
        return jwt;
    }

    int size() {
        return verified.size();
    }
}
