package dev.switchboard.core.routing;

import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.ServiceConfig;
import java.util.List;

/**
 * An immutable picture of one service.
 *
 * @param waiting waiting calls in queue order (head first)
 * @param selectable agents selectable right now for a new call
 * @param staffed members that are participating and not offline
 */
public record ServiceView(
        ServiceConfig config, List<CallId> waiting, int ringing, int connected, int selectable, int staffed) {
    public ServiceView {
        waiting = List.copyOf(waiting);
    }
}
