package dev.switchboard.presence.graph.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Encrypts resource data the way Graph does for rich notifications (a test-side sender). */
public final class GraphStyleEncryption {
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final PublicKey key;
    private final String certificateId;

    public GraphStyleEncryption(String base64Der, String certificateId) throws Exception {
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(
                        new java.io.ByteArrayInputStream(Base64.getDecoder().decode(base64Der)));
        this.key = cert.getPublicKey();
        this.certificateId = certificateId;
    }

    /** A fresh symmetric key. */
    public byte[] newKey() {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return k;
    }

    /** The RSA-OAEP wrapped key, base64. */
    public String wrap(byte[] symmetric) throws Exception {
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        rsa.init(Cipher.ENCRYPT_MODE, key);
        return Base64.getEncoder().encodeToString(rsa.doFinal(symmetric));
    }

    /** The {@code encryptedContent} object for a plaintext. */
    public ObjectNode encryptedContent(String plaintext, byte[] symmetric, String wrappedKey) throws Exception {
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(
                Cipher.ENCRYPT_MODE,
                new SecretKeySpec(symmetric, "AES"),
                new IvParameterSpec(Arrays.copyOf(symmetric, 16)));
        byte[] data = aes.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(symmetric, "HmacSHA256"));
        ObjectNode node = json.createObjectNode();
        node.put("data", Base64.getEncoder().encodeToString(data));
        node.put("dataSignature", Base64.getEncoder().encodeToString(mac.doFinal(data)));
        node.put("dataKey", wrappedKey);
        node.put("encryptionCertificateId", certificateId);
        node.put("encryptionCertificateThumbprint", "unused");
        return node;
    }
}
