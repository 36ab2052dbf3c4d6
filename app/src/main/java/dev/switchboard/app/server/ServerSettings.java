package dev.switchboard.app.server;

import dev.switchboard.http.auth.ApiToken;
import dev.switchboard.http.telephony.TelephonyWebhookOptions;
import dev.switchboard.store.StoreConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a running server needs besides presence.
 *
 * @param tenant the tenant's name (journal partition)
 * @param dataDirectory where the embedded database and generated files live
 * @param host the HTTP server's bind address
 * @param port the HTTP server's port (0 = any free port)
 * @param keystore a PKCS#12 keystore to serve HTTPS, or null for plain HTTP
 * @param keystorePassword its password, or null
 * @param store the database
 * @param tokens the API tokens and their roles
 * @param telephony where offers are posted for the telephony side, or null
 * @param snapshotEvery events between engine snapshots (0 = never)
 */
public record ServerSettings(
        String tenant,
        Path dataDirectory,
        String host,
        int port,
        Path keystore,
        String keystorePassword,
        StoreConfig store,
        List<ApiToken> tokens,
        TelephonyWebhookOptions telephony,
        long snapshotEvery) {
    public ServerSettings {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        host = host == null ? "0.0.0.0" : host;
        Objects.requireNonNull(store, "store");
        tokens = List.copyOf(tokens);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("tokens: at least one API token is needed");
        }
    }
}
