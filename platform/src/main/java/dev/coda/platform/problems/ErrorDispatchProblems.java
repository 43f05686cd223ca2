package dev.coda.platform.problems;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Boot's error dispatch ({@code /error}) answered as {@code application/problem+json}, in place of Boot's
 * own JSON: errors raised before a handler runs, such as a path that Spring Security's firewall refuses
 * ({@code ;} or an encoded {@code %} in it), or a filter's {@code sendError}. Only the status is said: nothing of
 * the request is echoed. {@code /error} asked for directly is not an endpoint: 404.
 */
@RestController
public class ErrorDispatchProblems implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatus status = errorStatus(request);
        ProblemDetail problem = status == HttpStatus.BAD_REQUEST
                ? Problems.of(status, "malformed-request", "The request's URL or headers cannot be read.")
                : ProblemDetail.forStatus(status);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static HttpStatus errorStatus(HttpServletRequest request) {
        if (request.getDispatcherType() == DispatcherType.ERROR
                && request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code) {
            HttpStatus status = HttpStatus.resolve(code);
            if (status != null && status.isError()) {
                return status;
            }
        }
        return HttpStatus.NOT_FOUND;
    }
}
