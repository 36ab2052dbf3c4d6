package dev.switchboard.sim.tenant;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Set;

/**
 * An app registration: a public client (ROPC allowed) and/or a confidential client that
 * authenticates with a certificate and holds application permissions.
 *
 * @param certificate the registered client certificate, or null for a public client
 */
public record FakeApp(
        String clientId,
        String displayName,
        boolean publicClient,
        X509Certificate certificate,
        Set<String> applicationPermissions) {

    public FakeApp {
        Objects.requireNonNull(clientId, "clientId");
        displayName = displayName == null ? "app " + clientId : displayName;
        applicationPermissions = Set.copyOf(applicationPermissions);
    }
}
