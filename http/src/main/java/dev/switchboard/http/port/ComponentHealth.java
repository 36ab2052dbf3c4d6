package dev.switchboard.http.port;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The health of one component as an administrator sees it.
 *
 * @param name unique name, e.g. {@code database} or {@code presence-account:pa1}
 * @param kind what it is, e.g. {@code database}, {@code presence-source}, {@code presence-account}
 * @param status OK, DEGRADED or DOWN
 * @param code a stable classification when not OK, e.g. {@code WRONG_PASSWORD (AADSTS50126)}
 * @param reason what was observed, in words (never a secret)
 * @param since when the current status began, or null if unknown
 * @param fix one line an administrator can act on, or null
 * @param critical whether the service as a whole is down while this component is down
 * @param details further numbers or words, e.g. how many agents a source serves
 */
public record ComponentHealth(
        String name,
        String kind,
        Status status,
        String code,
        String reason,
        Instant since,
        String fix,
        boolean critical,
        Map<String, Object> details) {

    public enum Status {
        OK,
        DEGRADED,
        DOWN
    }

    public ComponentHealth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static ComponentHealth ok(String name, String kind) {
        return new ComponentHealth(name, kind, Status.OK, null, null, null, null, false, Map.of());
    }
}
