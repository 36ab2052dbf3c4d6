package dev.switchboard.presence.graph;

import java.time.Instant;
import java.util.Objects;

/**
 * The health of one source or presence account as an administrator sees it.
 *
 * @param source the source's name, e.g. {@code presence-account:pa1}
 * @param kind what it is
 * @param status OK or what is wrong
 * @param aadstsCode the Entra ID error number (e.g. {@code 50126}) when there is one, else null
 * @param since when the status began
 * @param fix one line an administrator can act on
 * @param detail what was observed (never contains a secret), empty when OK
 * @param agents how many agents this source currently serves
 */
public record SourceHealth(
        String source,
        SourceKind kind,
        HealthStatus status,
        String aadstsCode,
        Instant since,
        String fix,
        String detail,
        int agents) {
    public SourceHealth {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        fix = fix == null ? status.defaultFix() : fix;
        detail = detail == null ? "" : detail;
    }

    public boolean ok() {
        return status == HealthStatus.OK;
    }

    /** {@code WRONG_PASSWORD (AADSTS50126)} or {@code OK}. */
    public String label() {
        return aadstsCode == null ? status.name() : status.name() + " (AADSTS" + aadstsCode + ")";
    }
}
