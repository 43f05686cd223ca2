package dev.coda.platform.problems;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.coda.contracts.UtcInstants;
import dev.coda.platform.http.EntityTags;
import dev.coda.platform.http.NulFreeParameters;
import dev.coda.platform.http.NulFreeText;
import dev.coda.platform.http.RequestSizeLimit;
import java.lang.annotation.Annotation;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.Errors;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns a client's mistakes at the HTTP edge into {@code application/problem+json}: every invalid field is
 * named in {@code errors}; unknown fields, wrong types and malformed JSON are 400s, never 500s.
 * Services add their own advice for domain problems.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    private static final Comparator<FieldError> BY_FIELD = Comparator.comparing(FieldError::field);
    private static final List<Class<? extends Annotation>> NAMED_IN_REQUEST =
            List.of(RequestHeader.class, RequestParam.class, PathVariable.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalid(
                fieldErrors(ex.getBindingResult(), ex.getBindingResult().getTarget()).sorted(BY_FIELD).toList()));
    }

    /**
     * Spring MVC's method validation, for a handler with constraints on its parameters (such as {@code @Size} on
     * a header): it checks every parameter in one pass, the {@code @Valid} body included. Each error is named as
     * the client sent it: a body's fields by their JSON names, a header or parameter by its name in the request.
     */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result instanceof ParameterErrors body
                        ? fieldErrors(body, body.getArgument())
                        : result.getResolvableErrors().stream()
                                .map(error -> new FieldError(nameInRequest(result.getMethodParameter()), error.getDefaultMessage())))
                .sorted(BY_FIELD)
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    private static Stream<FieldError> fieldErrors(Errors errors, Object target) {
        return errors.getFieldErrors().stream()
                .map(error -> new FieldError(jsonName(target, error.getField()), error.getDefaultMessage()));
    }

    /** The name the client used for a field: its {@code @JsonProperty} name where it has one. */
    private static String jsonName(Object target, String field) {
        try {
            JsonProperty property = target == null ? null : target.getClass().getDeclaredField(field).getAnnotation(JsonProperty.class);
            return property == null || property.value().isEmpty() ? field : property.value();
        } catch (NoSuchFieldException nested) {
            return field;
        }
    }

    /** A header's, query parameter's or path variable's name in the request, else the Java parameter's. */
    private static String nameInRequest(MethodParameter parameter) {
        MergedAnnotations annotations = MergedAnnotations.from(parameter.getParameterAnnotations());
        return NAMED_IN_REQUEST.stream()
                .map(annotations::get)
                .filter(MergedAnnotation::isPresent)
                .map(named -> named.getString("name"))
                .filter(name -> !name.isEmpty())
                .findFirst()
                .orElse(parameter.getParameterName());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // Jackson wraps what fails inside an array with the element's path: the limit may be causes deep
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeLimit.TooLarge tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                        .body(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, RequestSizeLimit.TooLarge.TYPE, tooLarge.getMessage()));
            }
        }
        ProblemDetail problem;
        if (ex.getCause() instanceof UnrecognizedPropertyException unknown) {
            problem = invalid(List.of(new FieldError(path(unknown), "unknown field")));
        } else if (ex.getCause() instanceof NulFreeText.NulCharacter nul) {
            problem = invalid(List.of(new FieldError(path(nul), nul.getOriginalMessage())));
        } else if (ex.getCause() instanceof UtcInstants.OutOfRange range) {
            problem = invalid(List.of(new FieldError(path(range), range.getOriginalMessage())));
        } else if (ex.getCause() instanceof InvalidFormatException || ex.getCause() instanceof MismatchedInputException) {
            JsonMappingException mapping = (JsonMappingException) ex.getCause();
            String field = path(mapping);
            problem = field.isEmpty()
                    ? Problems.of(HttpStatus.BAD_REQUEST, "malformed-request", "The request body has the wrong shape.")
                    : invalid(List.of(new FieldError(field, "wrong type")));
        } else {
            problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-request", "The request body is not valid JSON.");
        }
        return ResponseEntity.badRequest().body(problem);
    }

    /** A path or query parameter of the wrong type, such as {@code limit=abc} or an id that is no UUID. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : ex.getPropertyName();
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(String.valueOf(name), "wrong type"))));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail argumentTypeMismatch(MethodArgumentTypeMismatchException ex) {
        return invalid(List.of(new FieldError(ex.getName(), "wrong type")));
    }

    @ExceptionHandler(NulFreeParameters.NulParameter.class)
    ProblemDetail nulParameter(NulFreeParameters.NulParameter ex) {
        return invalid(List.of(new FieldError(ex.parameter(), ex.getMessage())));
    }

    /**
     * No database connection within the pool's timeout (every connection busy, or the database out of reach): the
     * request was fine and nothing of it was stored; a 503 tells the client to send it again shortly.
     */
    @ExceptionHandler({CannotCreateTransactionException.class, CannotGetJdbcConnectionException.class})
    ResponseEntity<ProblemDetail> noConnection(Exception ex) {
        log.warn("No database connection for a request: {}", ex.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                        "No database connection was free in time; send the request again shortly."));
    }

    @ExceptionHandler(EntityTags.InvalidEntityTag.class)
    ProblemDetail invalidEntityTag(EntityTags.InvalidEntityTag ex) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-if-match", ex.getMessage());
    }

    private static ProblemDetail invalid(List<FieldError> errors) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation",
                "Invalid " + errors.stream().map(FieldError::field).distinct().collect(Collectors.joining(", ")) + ".");
        problem.setProperty("errors", errors);
        return problem;
    }

    /** The field's path as Bean Validation writes it, {@code lines[0].timestamp}. */
    private static String path(JsonMappingException ex) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : ex.getPath()) {
            if (reference.getFieldName() == null) {
                path.append('[').append(reference.getIndex()).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            }
        }
        return path.toString();
    }
}
