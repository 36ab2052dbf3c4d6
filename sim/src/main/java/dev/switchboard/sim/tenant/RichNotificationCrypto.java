package dev.switchboard.sim.tenant;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts resource data the way Graph does for rich notifications (graph.md §3.5): a random
 * 32-byte key, AES-256-CBC with PKCS7 and IV = the key's first 16 bytes, HMAC-SHA256 over the
 * ciphertext, and the key wrapped with RSA-OAEP (SHA-1) for the subscriber's certificate.
 */
final class RichNotificationCrypto {
    /** One encrypted payload, all fields base64 as on the wire. */
    record Encrypted(String data, String dataSignature, String dataKey) {}

    /** A symmetric key and its wrapped form, reusable for several payloads to one subscriber. */
    record DataKey(byte[] key, String wrapped) {}

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);
    private static final ThreadLocal<Cipher> AES = ThreadLocal.withInitial(() -> cipher("AES/CBC/PKCS5Padding"));
    private static final ThreadLocal<Cipher> RSA =
            ThreadLocal.withInitial(() -> cipher("RSA/ECB/OAEPWithSHA-1AndMGF1Padding"));
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private RichNotificationCrypto() {}

    private static Cipher cipher(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static DataKey newKey(PublicKey subscriberKey) {
        byte[] key = new byte[32];
        RANDOM.get().nextBytes(key);
        try {
            Cipher rsa = RSA.get();
            rsa.init(Cipher.ENCRYPT_MODE, subscriberKey);
            return new DataKey(key, Base64.getEncoder().encodeToString(rsa.doFinal(key)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap the data key for the subscriber's certificate", e);
        }
    }

    static Encrypted encrypt(String json, DataKey dataKey) {
        try {
            Cipher aes = AES.get();
            aes.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(dataKey.key(), "AES"),
                    new IvParameterSpec(dataKey.key(), 0, 16));
            byte[] data = aes.doFinal(json.getBytes(StandardCharsets.UTF_8));
            Mac mac = HMAC.get();
            mac.init(new SecretKeySpec(dataKey.key(), "HmacSHA256"));
            byte[] signature = mac.doFinal(data);
            Base64.Encoder b64 = Base64.getEncoder();
            return new Encrypted(b64.encodeToString(data), b64.encodeToString(signature), dataKey.wrapped());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt resource data", e);
        }
    }
}
