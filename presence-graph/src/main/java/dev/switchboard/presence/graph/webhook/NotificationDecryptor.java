package dev.switchboard.presence.graph.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.presence.graph.EncryptionKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts the {@code encryptedContent} of a rich notification as Graph specifies: RSA-OAEP
 * (SHA-1) unwraps the symmetric key, HMAC-SHA256 over the ciphertext must match {@code
 * dataSignature}, then AES-CBC with PKCS#7 padding and the first 16 key bytes as IV. Unwrapped
 * keys are remembered for a while, as RSA is the expensive step and a key may repeat.
 */
public final class NotificationDecryptor {
    private static final int KEY_CACHE = 1024;

    private final EncryptionKeys keys;
    private final Map<String, byte[]> unwrapped = new LinkedHashMap<>(KEY_CACHE, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > KEY_CACHE;
        }
    };

    /** Cipher and Mac lookups cost more than decrypting one small notification: keep one per thread. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private final ThreadLocal<Cipher> aesCiphers = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/CBC/PKCS5Padding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    public NotificationDecryptor(EncryptionKeys keys) {
        this.keys = keys;
    }

    /** The decrypted JSON, or empty when the content cannot be trusted or read. */
    public Optional<String> decrypt(JsonNode encryptedContent) {
        try {
            String data = encryptedContent.path("data").asText(null);
            String signature = encryptedContent.path("dataSignature").asText(null);
            String dataKey = encryptedContent.path("dataKey").asText(null);
            String certId = encryptedContent.path("encryptionCertificateId").asText(null);
            if (data == null || signature == null || dataKey == null) {
                return Optional.empty();
            }
            byte[] key = symmetricKey(certId, dataKey);
            if (key == null) {
                return Optional.empty();
            }
            byte[] cipherText = Base64.getDecoder().decode(data);
            Mac mac = macs.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = mac.doFinal(cipherText);
            if (!MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature))) {
                return Optional.empty();
            }
            Cipher aes = aesCiphers.get();
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
            return Optional.of(new String(aes.doFinal(cipherText), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] symmetricKey(String certId, String dataKey) throws GeneralSecurityException {
        String cacheKey = certId + ' ' + dataKey;
        synchronized (unwrapped) {
            byte[] known = unwrapped.get(cacheKey);
            if (known != null) {
                return known;
            }
        }
        Optional<PrivateKey> privateKey = keys.privateKey(certId);
        if (privateKey.isEmpty()) {
            return null;
        }
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        rsa.init(Cipher.DECRYPT_MODE, privateKey.get());
        byte[] key = rsa.doFinal(Base64.getDecoder().decode(dataKey));
        synchronized (unwrapped) {
            unwrapped.put(cacheKey, key);
        }
        return key;
    }
}
