package dev.coda.platform.security;

import dev.coda.platform.problems.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers a missing or bad token with 401 and a wrong scope with 403, as {@code application/problem+json}.
 * Neither the body nor {@code WWW-Authenticate} echoes the token or says why exactly it was rejected (expired,
 * revoked, its user deleted): {@code error="invalid_token"} is all a client needs to get a new one.
 */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final OAuth2AuthenticationException INVALID_TOKEN =
            new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("The token is not valid"));

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        bearer.commence(request, response, failure instanceof OAuth2AuthenticationException ? INVALID_TOKEN : failure);
        Problems.write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "A valid bearer token is required.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        Problems.write(response, HttpStatus.FORBIDDEN, "forbidden", "The token does not grant this operation.");
    }
}
