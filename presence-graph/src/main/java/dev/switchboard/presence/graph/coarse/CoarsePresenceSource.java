package dev.switchboard.presence.graph.coarse;

import dev.switchboard.presence.graph.PresenceSourceException;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where availability-only presence comes from — what a federated viewer sees. It keeps
 * distribution going when detailed sources fail. A source either answers {@link #read} (polled by
 * the service) or pushes observations to the listener given to {@link #start}, or both.
 */
public interface CoarsePresenceSource extends AutoCloseable {

    /** One availability reading. */
    record CoarseObservation(String userId, String availability) {}

    /** The name used in health and in each presence's source, e.g. {@code coarse:federation}. */
    String name();

    /** Begins delivering pushed observations, if the source pushes. */
    void start(Consumer<List<CoarseObservation>> listener);

    /** Whether {@link #read} should be polled. */
    boolean polls();

    /** Reads the availability of these users now. */
    List<CoarseObservation> read(Collection<String> userIds) throws PresenceSourceException, InterruptedException;

    @Override
    default void close() {}
}
