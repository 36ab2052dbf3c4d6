package dev.switchboard.presence.graph;

import java.util.Objects;

/**
 * A classified failure of a sign-in or a Graph call.
 *
 * @param status the health status it maps to
 * @param aadstsCode the AADSTS number when Entra ID sent one, else null
 * @param fix what an administrator should do
 * @param detail what happened, free of secrets
 */
public record Failure(HealthStatus status, String aadstsCode, String fix, String detail) {
    public Failure {
        Objects.requireNonNull(status, "status");
        fix = fix == null ? status.defaultFix() : fix;
        detail = detail == null ? "" : detail;
    }

    public static Failure of(HealthStatus status, String detail) {
        return new Failure(status, null, null, detail);
    }

    /** {@code WRONG_PASSWORD (AADSTS50126)}. */
    public String label() {
        return aadstsCode == null ? status.name() : status.name() + " (AADSTS" + aadstsCode + ")";
    }
}
