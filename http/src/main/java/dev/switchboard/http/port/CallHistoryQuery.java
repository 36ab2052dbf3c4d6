package dev.switchboard.http.port;

import dev.switchboard.core.model.CallId;
import java.util.Optional;

/**
 * Finds a call in the history when the server's own call log does not know it (it ended long
 * ago, or before the server started). The app answers from the store.
 */
@FunctionalInterface
public interface CallHistoryQuery {
    /** The most recent call with this id, with its offers; empty if the history has none. */
    Optional<CallRecord> find(CallId id);
}
