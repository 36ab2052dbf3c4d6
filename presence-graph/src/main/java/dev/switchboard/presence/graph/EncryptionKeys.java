package dev.switchboard.presence.graph;

import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys Graph encrypts rich notifications with. Each key has an id sent as {@code
 * encryptionCertificateId}; older keys are kept so notifications encrypted before a rotation can
 * still be read.
 */
public final class EncryptionKeys {

    /** The public half as Graph wants it in a subscription. */
    public record Certificate(String id, String base64Der) {}

    private final Map<String, PrivateKey> keys = new ConcurrentHashMap<>();
    private volatile Certificate current;

    /** Generates a fresh key now. */
    public static EncryptionKeys generate() {
        EncryptionKeys k = new EncryptionKeys();
        k.rotate();
        return k;
    }

    /** Makes a new key current; the old ones stay readable. */
    public Certificate rotate() {
        SelfSignedCertificate cert =
                SelfSignedCertificate.generate("switchboard-notifications", java.util.List.of(), Duration.ofDays(365));
        return add(UUID.randomUUID().toString(), cert);
    }

    /** Adds a key under an id and makes it current. */
    public Certificate add(String id, SelfSignedCertificate cert) {
        try {
            keys.put(id, cert.privateKey());
            current = new Certificate(
                    id, Base64.getEncoder().encodeToString(cert.certificate().getEncoded()));
            return current;
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Certificate current() {
        return current;
    }

    public Optional<PrivateKey> privateKey(String id) {
        return Optional.ofNullable(id == null ? null : keys.get(id));
    }

    @Override
    public String toString() {
        return "EncryptionKeys(" + keys.size() + " keys)";
    }
}
