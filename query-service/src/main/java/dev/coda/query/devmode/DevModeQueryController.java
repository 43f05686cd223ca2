package dev.coda.query.devmode;

import dev.coda.platform.problems.Problems;
import dev.coda.platform.security.CurrentUser;
import dev.coda.query.devmode.DevModeViews.JobView;
import dev.coda.query.devmode.DevModeViews.LogPage;
import dev.coda.query.devmode.DevModeViews.PairingView;
import dev.coda.query.projection.InstantCursor;
import dev.coda.query.projection.InvalidParameter;
import dev.coda.query.projection.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The caller's pairings, jobs and job logs; another user's are not found. */
@RestController
class DevModeQueryController {

    private static final Set<String> LEVELS = Set.of("info", "warn", "error", "debug");
    private static final int MAX_LIMIT = 1_000;
    private static final int MAX_JOBS = 200;
    /** The header a reconnecting EventSource sends: the id of the last event it received. */
    private static final String LAST_EVENT_ID = "Last-Event-ID";

    private final JobQueries queries;
    private final LogTail tail;

    DevModeQueryController(JobQueries queries, LogTail tail) {
        this.queries = queries;
        this.tail = tail;
    }

    record Items<T>(List<T> items) {
    }

    @GetMapping("/api/pairings")
    @Operation(summary = "The caller's runner pairings: approved, or waiting until their code expires (revoked ones are gone; "
            + "codes and JTIs are never shown)")
    Items<PairingView> pairings(@CurrentUser String userId) {
        return new Items<>(queries.pairings(userId));
    }

    @GetMapping("/api/jobs/{jobId}")
    @Operation(summary = "One job with its status")
    JobView job(@CurrentUser String userId, @PathVariable UUID jobId) {
        return ownJob(userId, jobId);
    }

    @GetMapping("/api/ideas/{ideaId}/jobs")
    @Operation(summary = "An idea's newest jobs, newest first (limit: 1 to 200, 50 unless said)")
    Items<JobView> jobsOfIdea(@CurrentUser String userId, @PathVariable UUID ideaId,
                              @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_JOBS) {
            throw new InvalidParameter("limit", "must be between 1 and " + MAX_JOBS);
        }
        return new Items<>(queries.jobsOfIdea(userId, ideaId, limit));
    }

    @GetMapping("/api/jobs/{jobId}/logs")
    @Operation(summary = "A job's log lines in time order, keyset-paginated (after = nextCursor), optionally of one level")
    LogPage logs(@CurrentUser String userId, @PathVariable UUID jobId,
                 @RequestParam(required = false) String after,
                 @RequestParam(defaultValue = "200") int limit,
                 @RequestParam(required = false) String level) {
        ownJob(userId, jobId);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidParameter("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (level != null && !LEVELS.contains(level)) {
            throw new InvalidParameter("level", "must be info, warn, error or debug");
        }
        return queries.logs(jobId, InstantCursor.decode(after, "after"), limit, level);
    }

    @GetMapping(path = "/api/jobs/{jobId}/logs/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Live tail of a job's logs (Server-Sent Events: 'log' events, then 'end' once the job ended); "
            + "a reconnecting EventSource's Last-Event-ID goes on after that line")
    SseEmitter stream(@CurrentUser String userId, @PathVariable UUID jobId,
                      @RequestParam(required = false) String after,
                      @RequestHeader(value = LAST_EVENT_ID, required = false) String lastEventId) {
        ownJob(userId, jobId);
        InstantCursor from = lastEventId != null ? InstantCursor.decode(lastEventId, LAST_EVENT_ID) : InstantCursor.decode(after, "after");
        return tail.follow(userId, jobId, from);
    }

    @GetMapping("/api/runner/jobs")
    @Operation(summary = "The oldest pending jobs of the runner's user, up to 100, oldest first (runner token only)")
    Items<JobView> pendingJobs(@CurrentUser String userId) {
        return new Items<>(queries.pendingJobs(userId));
    }

    @GetMapping("/api/runner/jobs/{jobId}")
    @Operation(summary = "One job of the runner's user, with its status: a runner stops a job the user cancelled (runner token only)")
    JobView runnerJob(@CurrentUser String userId, @PathVariable UUID jobId) {
        return ownJob(userId, jobId);
    }

    @ExceptionHandler(TooManyTails.class)
    ProblemDetail tooManyTails(TooManyTails ex) {
        return Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-tails", ex.getMessage());
    }

    private JobView ownJob(String userId, UUID jobId) {
        return queries.job(userId, jobId).orElseThrow(() -> new NotFound("No such job."));
    }
}
