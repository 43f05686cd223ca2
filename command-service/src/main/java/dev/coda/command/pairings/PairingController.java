package dev.coda.command.pairings;

import dev.coda.command.CommandRefused;
import dev.coda.command.CommandRefused.Reason;
import dev.coda.command.pairings.Pairing.PollOutcome;
import dev.coda.command.pairings.Pairing.PollStatus;
import dev.coda.command.pairings.PairingCommand.ApprovePairing;
import dev.coda.command.pairings.PairingCommand.ClaimPairing;
import dev.coda.command.pairings.PairingCommand.CollectRunnerToken;
import dev.coda.command.pairings.PairingCommand.RevokePairing;
import dev.coda.command.pairings.PairingCommand.StartPairing;
import dev.coda.command.web.Consistency;
import dev.coda.platform.secrets.DataKeys;
import dev.coda.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pairing a runner: the user starts a pairing and reads its code to the runner; the runner claims the code
 * and gets a JTI to poll with; the user approves; the runner's next poll collects its token, and so does a poll
 * again within the collection window (the runner lost the answer): the same token, signed anew.
 */
@RestController
@RequestMapping("/api/pairings")
class PairingController {

    private static final int CODE_ATTEMPTS = 3;

    private final CommandGateway commands;
    private final Consistency consistency;
    private final PairingRegistry registry;
    private final ClaimLimiter limiter;
    private final RunnerTokens runnerTokens;
    private final PairingProperties properties;
    private final DataKeys keys;

    PairingController(CommandGateway commands, Consistency consistency, PairingRegistry registry, ClaimLimiter limiter,
                      RunnerTokens runnerTokens, PairingProperties properties, DataKeys keys) {
        this.commands = commands;
        this.consistency = consistency;
        this.registry = registry;
        this.limiter = limiter;
        this.runnerTokens = runnerTokens;
        this.properties = properties;
        this.keys = keys;
    }

    record Started(UUID id, String pairingCode, Instant expiresAt, long consistencyToken) {
    }

    /**
     * {@code claimId}, optional: the runner's own name for this claim. A claim sent again with the same one (its
     * answer was lost) is answered with the same JTI, until the pairing is approved.
     */
    record ClaimRequest(
            @NotBlank @Size(max = 20) String pairingCode,
            @NotNull @Pattern(regexp = "desktop|cli", message = "must be desktop or cli") String runnerType,
            @Size(max = 50) String runnerVersion,
            @Size(max = 255) String hostname,
            @Size(min = 16, max = 100) String claimId) {
    }

    record Claimed(String pairingJti) {
    }

    record PollRequest(@NotBlank @Size(max = 100) String pairingJti) {
    }

    /** {@code runnerToken} is present in the answers to polls after approval, within the collection window. */
    record Poll(String status, String runnerToken) {
    }

    record Done(long consistencyToken) {
    }

    @PostMapping
    @Operation(summary = "Start pairing a runner: returns the code to type into the runner")
    ResponseEntity<Started> start(@CurrentUser String userId) {
        for (int attempt = 1; ; attempt++) {
            UUID pairingId = UUID.randomUUID();
            String code = Secrets.newPairingCode();
            Instant expiresAt = Instant.now().plus(properties.validity());
            try {
                commands.sendAndWait(new StartPairing(userId, pairingId, codeHash(code),
                        Secrets.hash(Secrets.newToken()), properties.validity()));
                return consistency.respond(HttpStatus.CREATED, pairingId.toString(), null,
                        token -> new Started(pairingId, code, expiresAt, token));
            } catch (PairingRegistry.CodeTaken taken) {
                if (attempt == CODE_ATTEMPTS) { // one in 2^40 per pairing kept: three in a row is no chance
                    throw taken;
                }
            }
        }
    }

    @PostMapping("/claim")
    @Operation(summary = "A runner claims a pairing code (no token needed); returns the JTI to poll with, the same for the same claimId")
    Claimed claim(@Valid @RequestBody ClaimRequest request, HttpServletRequest http) {
        String client = http.getRemoteAddr();
        if (!limiter.tryClaim(client)) {
            throw new TooManyFailedClaims(properties.failedClaimWindow());
        }
        UUID pairingId = registry.byCode(codeHash(request.pairingCode()))
                .orElseThrow(() -> new CommandRefused(Reason.INVALID_PAIRING_CODE, "The pairing code is unknown, used or expired."));
        String jti = request.claimId() == null ? Secrets.newToken()
                : keys.keyedHash("pairing claim", pairingId + " " + request.claimId());
        commands.sendAndWait(new ClaimPairing(pairingId, Secrets.hash(jti),
                request.runnerType().toLowerCase(Locale.ROOT), request.runnerVersion(), request.hostname()));
        limiter.succeeded(client);
        return new Claimed(jti);
    }

    @PostMapping("/{pairingId}/approve")
    @Operation(summary = "Approve the runner that claimed the pairing's code")
    ResponseEntity<Done> approve(@CurrentUser String userId, @PathVariable UUID pairingId) {
        commands.sendAndWait(new ApprovePairing(userId, pairingId));
        return consistency.respond(HttpStatus.OK, pairingId.toString(), null, Done::new);
    }

    @PostMapping("/poll")
    @Operation(summary = "A runner polls its pairing by JTI; after approval it returns the runner token, for a while after again")
    Poll poll(@Valid @RequestBody PollRequest request) {
        UUID pairingId = registry.byJti(Secrets.hash(request.pairingJti()))
                .orElseThrow(() -> new CommandRefused(Reason.NOT_FOUND, "No such pairing."));
        String tokenId = UUID.randomUUID().toString();
        PollOutcome outcome = commands.sendAndWait(new CollectRunnerToken(pairingId, tokenId, properties.tokenCollectionWindow()));
        String status = outcome.status().name().toLowerCase(Locale.ROOT);
        return outcome.status() == PollStatus.ISSUED
                ? new Poll("approved", runnerTokens.sign(outcome.userId(), pairingId, outcome.tokenId()))
                : new Poll(status, null);
    }

    /**
     * How a code is known in the event store, the registry and the read model: keyed, since its events reach
     * {@code coda.events}, and a plain hash of 40 bits would give the code away to anyone who tried them all.
     */
    private String codeHash(String typed) {
        return keys.keyedHash("pairing code", Secrets.normalizeCode(typed));
    }

    @DeleteMapping("/{pairingId}")
    @Operation(summary = "Revoke a pairing: its runner token stops working at once")
    ResponseEntity<Done> revoke(@CurrentUser String userId, @PathVariable UUID pairingId) {
        commands.sendAndWait(new RevokePairing(userId, pairingId));
        return consistency.respond(HttpStatus.OK, pairingId.toString(), null, Done::new);
    }
}
