package dev.switchboard.app.presence;

import dev.switchboard.presence.graph.GraphPresenceSettings;
import dev.switchboard.presence.graph.Secret;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The {@code presence:} section of the configuration file, resolved.
 *
 * @param settings what the Graph adapter needs
 * @param listen where the built-in HTTPS webhook listener binds, or null
 * @param coarse the coarse source
 * @param trustedCertificates extra certificates to trust for Entra ID and Graph
 * @param sampleUserIds users {@code presence-check} reads (optional)
 */
public record PresenceConfig(
        GraphPresenceSettings settings,
        Listen listen,
        Coarse coarse,
        List<X509Certificate> trustedCertificates,
        List<String> sampleUserIds) {

    /**
     * @param host bind address
     * @param port bind port
     * @param path the webhook path
     * @param keystore a PKCS#12 file with the listener's certificate, or null for a self-signed one
     * @param keystorePassword its password
     */
    public record Listen(String host, int port, String path, Path keystore, Secret keystorePassword) {}

    /** The kind of coarse source. */
    public enum CoarseType {
        NONE,
        FEDERATION,
        PUSH
    }

    /**
     * @param type which source
     * @param url the federated presence base URL (federation)
     * @param sharedSecret the bearer secret pushers send (push)
     * @param path where the push endpoint is mounted on the listener (push)
     */
    public record Coarse(CoarseType type, String url, Secret sharedSecret, String path) {}
}
