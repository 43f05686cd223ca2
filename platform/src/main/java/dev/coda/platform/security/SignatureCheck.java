package dev.coda.platform.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.util.Arrays;
import java.util.List;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Checks a token's signature with the key its header names, when an identity provider signs users' tokens:
 * HS256 with the shared secret, RS256 with the provider's JWK set (Spring's default algorithm for it). Neither key
 * can stand in for the other: an HS256 token must carry the secret's MAC, and the provider's decoder takes RS256
 * only. Users' own tokens then come from the provider alone: an HS256 token must carry one of the scopes of the
 * tokens Coda's side signs: {@code runner}, {@code auth-adapter}, {@code admin} (operators').
 */
final class SignatureCheck implements JwtDecoder {

    private static final List<String> SERVICE_SCOPES = List.of("runner", "auth-adapter", "admin");

    private final JwtDecoder sharedSecret;
    private final JwtDecoder identityProvider;

    SignatureCheck(JwtDecoder sharedSecret, JwtDecoder identityProvider) {
        this.sharedSecret = sharedSecret;
        this.identityProvider = identityProvider;
    }

    @Override
    public Jwt decode(String token) {
        boolean mac;
        try {
            mac = JWSAlgorithm.HS256.equals(JWTParser.parse(token).getHeader().getAlgorithm());
        } catch (ParseException malformed) {
            throw new BadJwtException("Malformed token", malformed);
        }
        if (!mac) {
            return identityProvider.decode(token);
        }
        Jwt jwt = sharedSecret.decode(token);
        String scope = jwt.getClaimAsString("scope");
        if (scope == null || Arrays.stream(scope.split(" ")).noneMatch(SERVICE_SCOPES::contains)) {
            throw new BadJwtException("A user's token must come from the identity provider");
        }
        return jwt;
    }
}
