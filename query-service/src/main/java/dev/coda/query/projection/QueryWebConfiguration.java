package dev.coda.query.projection;

import dev.coda.platform.problems.Problems;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Applies read-your-writes waits to every query endpoint and answers their problems. */
@Configuration
@RestControllerAdvice
class QueryWebConfiguration implements WebMvcConfigurer {

    private final ConsistencyInterceptor consistency;

    QueryWebConfiguration(ConsistencyInterceptor consistency) {
        this.consistency = consistency;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(consistency).addPathPatterns("/api/**");
    }

    @ExceptionHandler(ProjectionBehind.class)
    ResponseEntity<ProblemDetail> behind(ProjectionBehind ex) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "projection-behind", ex.getMessage()));
    }

    @ExceptionHandler(InvalidConsistencyToken.class)
    ProblemDetail invalidToken(InvalidConsistencyToken ex) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-consistency-token", ex.getMessage());
    }
}
