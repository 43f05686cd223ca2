package dev.coda.platform.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Checks a token's signature with the key its header names, when an identity provider signs users' tokens:
 * HS256 with the shared secret, RS256 with the provider's JWK set (Spring's default algorithm for it). Neither key
 * can stand in for the other: an HS256 token must carry the secret's MAC, and the provider's decoder takes RS256
 * only. The scopes of the tokens Coda's side signs, {@code runner}, {@code auth-adapter} and {@code admin}
 * (operators'), belong to those tokens alone: an HS256 token must carry one, a provider's token may carry none
 * (in {@code scope} or {@code scp}, as a string or a list, as Spring reads them), whatever the provider lets its
 * clients ask for. With an {@code audience}, a provider's token must also name it in {@code aud}: the provider's
 * tokens for other applications are refused.
 */
final class SignatureCheck implements JwtDecoder {

    private static final List<String> SERVICE_SCOPES = List.of("runner", "auth-adapter", "admin");
    private static final List<String> SCOPE_CLAIMS = List.of("scope", "scp");

    private final JwtDecoder sharedSecret;
    private final JwtDecoder identityProvider;
    private final String audience;

    SignatureCheck(JwtDecoder sharedSecret, JwtDecoder identityProvider, String audience) {
        this.sharedSecret = sharedSecret;
        this.identityProvider = identityProvider;
        this.audience = audience;
    }

    @Override
    public Jwt decode(String token) {
        boolean mac;
        try {
            mac = JWSAlgorithm.HS256.equals(JWTParser.parse(token).getHeader().getAlgorithm());
        } catch (ParseException malformed) {
            throw new BadJwtException("Malformed token", malformed);
        }
        Jwt jwt = mac ? sharedSecret.decode(token) : identityProvider.decode(token);
        boolean serviceScope = scopes(jwt).anyMatch(SERVICE_SCOPES::contains);
        if (mac && !serviceScope) {
            throw new BadJwtException("A user's token must come from the identity provider");
        }
        if (!mac && serviceScope) {
            throw new BadJwtException("A token of the identity provider cannot carry Coda's service scopes");
        }
        if (!mac && audience != null && (jwt.getAudience() == null || !jwt.getAudience().contains(audience))) {
            throw new BadJwtException("The token is not meant for Coda");
        }
        return jwt;
    }

    /** The token's scopes, wherever Spring grants them from: {@code scope} or {@code scp}, a string or a list. */
    static Stream<String> scopes(Jwt jwt) {
        return SCOPE_CLAIMS.stream().map(jwt::getClaim).flatMap(SignatureCheck::scopesIn);
    }

    private static Stream<String> scopesIn(Object claim) {
        if (claim instanceof String text) {
            return Arrays.stream(text.split(" "));
        }
        if (claim instanceof Collection<?> list) {
            return list.stream().map(String::valueOf);
        }
        return Stream.empty();
    }
}
