package dev.coda.query.projection;

import dev.coda.platform.consistency.ConsistencyToken;
import dev.coda.platform.problems.FieldError;
import dev.coda.platform.problems.Problems;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
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

    /** Documents the consistency header on every query, as the interceptor honours it on every query. */
    @Bean
    OperationCustomizer consistencyTokenParameter() {
        return (operation, handler) -> operation.addParametersItem(new HeaderParameter()
                .name(ConsistencyToken.HEADER)
                .description("wait until this command's events are projected")
                .schema(new IntegerSchema().format("int64")));
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

    /** Shaped like the platform's bean-validation problems: type {@code validation}, the parameter in {@code errors}. */
    @ExceptionHandler(InvalidParameter.class)
    ProblemDetail invalidParameter(InvalidParameter ex) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid " + ex.parameter() + ".");
        problem.setProperty("errors", List.of(new FieldError(ex.parameter(), ex.getMessage())));
        return problem;
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound ex) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", ex.getMessage());
    }
}
