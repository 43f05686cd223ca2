package dev.coda.command.web;

import dev.coda.command.CommandRefused;
import dev.coda.command.ideas.TooManyShifts;
import dev.coda.command.pairings.TooManyFailedClaims;
import dev.coda.command.users.UnknownUser;
import dev.coda.platform.problems.Problems;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The command side's domain problems, as {@code application/problem+json}. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandProblems {

    @ExceptionHandler(CommandRefused.class)
    ProblemDetail refused(CommandRefused ex) {
        return Problems.of(HttpStatus.valueOf(ex.reason().status()), ex.reason().type(), ex.getMessage());
    }

    @ExceptionHandler(TooManyFailedClaims.class)
    ResponseEntity<ProblemDetail> tooManyFailedClaims(TooManyFailedClaims ex) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfter().toSeconds()))
                .body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-claims", ex.getMessage()));
    }

    @ExceptionHandler(TooManyShifts.class)
    ResponseEntity<ProblemDetail> tooManyShifts(TooManyShifts ex) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfter().toSeconds()))
                .body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, ex.reason().type(), ex.getMessage()));
    }

    @ExceptionHandler(UnknownUser.class)
    ProblemDetail unknownUser(UnknownUser ex) {
        return Problems.of(HttpStatus.FORBIDDEN, "unknown-user", ex.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail notFound(AggregateNotFoundException ex) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "No such resource.");
    }

    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class})
    ProblemDetail concurrentChange(RuntimeException ex) {
        return Problems.of(HttpStatus.CONFLICT, "concurrent-change",
                "Another change to the same data won the race; retry the command.");
    }
}
