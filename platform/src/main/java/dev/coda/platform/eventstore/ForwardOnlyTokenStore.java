package dev.coda.platform.eventstore;

import static org.axonframework.common.jdbc.JdbcUtils.closeQuietly;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.AbstractTokenEntry;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;

/**
 * A token store that notices when a processor's stored token went back behind the one it claimed or stored last:
 * its database lost commits. The read model commits without waiting for the disk (ADR 0010), so a crash of
 * PostgreSQL alone can take back a processor's last batches, rows and token together, while the processor, still
 * running, holds the newer token in memory; storing its next token over the older one would skip those batches
 * for good. Such a store is refused instead: the batch fails, and the processor claims its segment again from the
 * stored token and projects those events again.
 */
public class ForwardOnlyTokenStore extends JdbcTokenStore {

    private record Claimed(String processorName, int segment) {
    }

    /** What this instance last claimed or stored for each segment it holds. */
    private final Map<Claimed, TrackingToken> known = new ConcurrentHashMap<>();

    ForwardOnlyTokenStore(Builder builder) {
        super(builder);
    }

    @Override
    protected TrackingToken claimToken(Connection connection, AbstractTokenEntry<?> entry) throws SQLException {
        TrackingToken token = super.claimToken(connection, entry);
        remember(new Claimed(entry.getProcessorName(), entry.getSegment()), token);
        return token;
    }

    @Override
    protected TrackingToken insertTokenEntry(Connection connection, TrackingToken token, String processorName, int segment)
            throws SQLException {
        TrackingToken inserted = super.insertTokenEntry(connection, token, processorName, segment);
        remember(new Claimed(processorName, segment), inserted);
        return inserted;
    }

    /** The statement by which {@link #storeToken} stores a batch's token, in the batch's transaction. */
    @Override
    protected PreparedStatement storeUpdate(Connection connection, TrackingToken token, String processorName, int segment)
            throws SQLException {
        Claimed claimed = new Claimed(processorName, segment);
        requireNotBehind(connection, claimed);
        PreparedStatement update = super.storeUpdate(connection, token, processorName, segment);
        // remembered before the batch commits: safe while claims are extended by the worker between batches (Axon's
        // default), never by the coordinator during one
        remember(claimed, token);
        return update;
    }

    /** An idle processor extends its claims every few seconds: it notices lost commits then, without a batch. */
    @Override
    public void extendClaim(String processorName, int segment) {
        Connection connection = getConnection();
        try {
            requireNotBehind(connection, new Claimed(processorName, segment));
        } catch (SQLException unread) {
            throw new JdbcException("Could not read the token of segment " + segment + " of " + processorName, unread);
        } finally {
            closeQuietly(connection);
        }
        super.extendClaim(processorName, segment);
    }

    private void requireNotBehind(Connection connection, Claimed claimed) throws SQLException {
        TrackingToken expected = known.get(claimed);
        if (expected != null && isBehind(stored(connection, claimed), expected)) {
            known.remove(claimed);
            throw new UnableToClaimTokenException("The stored token of segment " + claimed.segment() + " of "
                    + claimed.processorName() + " is behind the one this instance claimed or stored last: the database"
                    + " lost commits, and the segment is claimed again from the stored token");
        }
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        known.remove(new Claimed(processorName, segment));
        super.releaseClaim(processorName, segment);
    }

    private TrackingToken stored(Connection connection, Claimed claimed) throws SQLException {
        try (PreparedStatement select = select(connection, claimed.processorName(), claimed.segment(), false);
             ResultSet row = select.executeQuery()) {
            return row.next() ? readTokenEntry(row).getToken(serializer()) : null;
        }
    }

    /**
     * Whether the stored token no longer covers the expected one: behind it, or with a gap that it had filled (a batch
     * that projected only an event committed late moves no position, and a lost one must be noticed too).
     */
    static boolean isBehind(TrackingToken stored, TrackingToken expected) {
        TrackingToken was = WrappedToken.unwrapLowerBound(expected);
        TrackingToken is = WrappedToken.unwrapLowerBound(stored);
        return was != null && (is == null || !is.covers(was));
    }

    private void remember(Claimed claimed, TrackingToken token) {
        if (token == null) {
            known.remove(claimed);
        } else {
            known.put(claimed, token);
        }
    }
}
