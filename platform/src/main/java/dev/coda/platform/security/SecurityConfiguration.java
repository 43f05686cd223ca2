package dev.coda.platform.security;

import dev.coda.platform.secrets.DataKeys;
import jakarta.servlet.DispatcherType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every endpoint but health, info, Prometheus metrics and the API docs needs a bearer JWT whose {@code sub}
 * is the user id; the rest of Actuator needs the scope {@code admin}.
 * Tokens are HS256 with the shared secret, or, with {@code jwk-set-uri}, also signed by an identity provider
 * ({@link SignatureCheck}). Services refuse to start without the secret, which runner tokens always need: the
 * development secret lives only in the {@code local} profile.
 */
@AutoConfiguration
@EnableMethodSecurity
@EnableConfigurationProperties(JwtProperties.class)
public class SecurityConfiguration {

    private static final int MIN_SECRET_BYTES = 32;
    private static final String RUNNER_AUTHORITY = "SCOPE_" + RunnerTokenCheck.SCOPE;
    /** Operators' tokens carry the scope {@code admin}. */
    private static final String ADMIN_AUTHORITY = "SCOPE_admin";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ProblemAuthenticationEntryPoint entryPoint) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        // the request was authorized before an async (SSE) or error dispatch re-enters the chain
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus",
                                "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        // the rest of Actuator (metrics, the read model's rebuild...) is for operators
                        .requestMatchers("/actuator/**").hasAuthority(ADMIN_AUTHORITY)
                        // a runner without a token yet proves itself with its pairing code, then its JTI
                        .requestMatchers(HttpMethod.POST, "/api/pairings/claim", "/api/pairings/poll").permitAll()
                        .requestMatchers("/api/runner/**").hasAuthority(RUNNER_AUTHORITY)
                        // a runner token is good for the runner API only, never for a user's own API
                        .anyRequest().access((authentication, context) -> new AuthorizationDecision(
                                authentication.get().isAuthenticated() && !(authentication.get() instanceof AnonymousAuthenticationToken)
                                        && authentication.get().getAuthorities().stream()
                                        .noneMatch(authority -> RUNNER_AUTHORITY.equals(authority.getAuthority())))))
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(new BearerHeader())
                        .jwt(jwt -> { })
                        .authenticationEntryPoint(entryPoint))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(entryPoint))
                .build();
    }

    @Bean
    ProblemAuthenticationEntryPoint problemAuthenticationEntryPoint() {
        return new ProblemAuthenticationEntryPoint();
    }

    @Bean
    JwtDecoder jwtDecoder(JwtProperties properties, ObjectProvider<RunnerTokenCheck> runnerTokens,
                          ObjectProvider<DataKeys> dataKeys) {
        NimbusJwtDecoder sharedSecret = withoutValidation(
                NimbusJwtDecoder.withSecretKey(secretKey(properties.secret())).macAlgorithm(MacAlgorithm.HS256).build());
        JwtDecoder signatureCheck = hasText(properties.jwkSetUri())
                ? new SignatureCheck(sharedSecret, withoutValidation(NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build()),
                        hasText(properties.audience()) ? properties.audience() : null)
                : sharedSecret;
        return new VerifiedTokens(signatureCheck, new DelegatingOAuth2TokenValidator<>(
                hasText(properties.issuer()) ? JwtValidators.createDefaultWithIssuer(properties.issuer()) : JwtValidators.createDefault(),
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull), // the default checks exp only when present
                runnerTokenValidator(runnerTokens), deletedUserValidator(dataKeys)));
    }

    /** A decoder that only checks signatures and parses: {@link VerifiedTokens} validates on every decode. */
    private static NimbusJwtDecoder withoutValidation(NimbusJwtDecoder decoder) {
        decoder.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        return decoder;
    }

    /** {@link CurrentUser} parameters: the verified token's subject. */
    @Bean
    WebMvcConfigurer currentUserParameters() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CurrentUserResolver());
            }
        };
    }

    /**
     * No observation (timer, trace) per security filter, authentication and authorization: a dozen of them per
     * request cost more than the token check itself. Each request is still observed as a whole
     * ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Spring Security's strict firewall with its rules for names and header values, checked without a regex. */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(FirewallText::isAllowedName);
        firewall.setAllowedHeaderValues(FirewallText::isAllowedHeaderValue);
        firewall.setAllowedParameterNames(FirewallText::isAllowedName);
        return firewall;
    }

    /** A deleted user's tokens stop working at once, though they were signed before the deletion. */
    private static OAuth2TokenValidator<Jwt> deletedUserValidator(ObjectProvider<DataKeys> dataKeys) {
        Supplier<DataKeys> found = once(dataKeys);
        return jwt -> {
            DataKeys keys = found.get();
            boolean deleted = keys != null && jwt.getSubject() != null && keys.isDestroyed(jwt.getSubject());
            return deleted ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The user was deleted", null))
                    : OAuth2TokenValidatorResult.success();
        };
    }

    /**
     * A runner token counts only while its pairing is approved and not revoked: revocation acts at once. A token is
     * a runner's when it has the scope in any form Spring grants it from ({@code scope} or {@code scp}, a string or
     * a list).
     */
    private static OAuth2TokenValidator<Jwt> runnerTokenValidator(ObjectProvider<RunnerTokenCheck> runnerTokens) {
        Supplier<RunnerTokenCheck> found = once(runnerTokens);
        return jwt -> {
            if (SignatureCheck.scopes(jwt).noneMatch(RunnerTokenCheck.SCOPE::equals)) {
                return OAuth2TokenValidatorResult.success();
            }
            RunnerTokenCheck check = found.get();
            String pairing = jwt.getClaimAsString(RunnerTokenCheck.PAIRING_CLAIM);
            boolean active = check != null && pairing != null && jwt.getId() != null && check.isActive(pairing, jwt.getId());
            return active ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The runner token is not valid", null));
        };
    }

    /**
     * The provider's bean, looked up once it is first needed instead of on every request: Spring's lookup took
     * 2-3% of a service's CPU, more than the checks it served. Optional: a service may have no such bean.
     */
    private static <T> Supplier<T> once(ObjectProvider<T> provider) {
        return SingletonSupplier.of(provider::getIfAvailable);
    }

    private static SecretKeySpec secretKey(String secret) {
        if (!hasText(secret)) {
            throw new IllegalStateException("No JWT secret configured: set coda.security.jwt.secret "
                    + "(CODA_SECURITY_JWT_SECRET, at least " + MIN_SECRET_BYTES + " bytes); runner tokens are signed "
                    + "with it, also where coda.security.jwt.jwk-set-uri verifies users' tokens. The development "
                    + "secret exists only in the 'local' profile.");
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("coda.security.jwt.secret must be at least " + MIN_SECRET_BYTES + " bytes for HS256");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
