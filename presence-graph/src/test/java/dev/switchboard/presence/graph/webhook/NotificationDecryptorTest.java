package dev.switchboard.presence.graph.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.presence.graph.EncryptionKeys;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class NotificationDecryptorTest {
    private final EncryptionKeys keys = EncryptionKeys.generate();
    private final NotificationDecryptor decryptor = new NotificationDecryptor(keys);

    @Test
    void decryptsWhatGraphEncrypts() throws Exception {
        GraphStyleEncryption graph = new GraphStyleEncryption(
                keys.current().base64Der(), keys.current().id());
        byte[] k = graph.newKey();
        String plain = "{\"id\":\"u1\",\"availability\":\"Busy\",\"activity\":\"InACall\"}";
        ObjectNode content = graph.encryptedContent(plain, k, graph.wrap(k));
        assertThat(decryptor.decrypt(content)).contains(plain);
    }

    @Test
    void refusesATamperedSignatureOrAnUnknownKey() throws Exception {
        GraphStyleEncryption graph = new GraphStyleEncryption(
                keys.current().base64Der(), keys.current().id());
        byte[] k = graph.newKey();
        ObjectNode content = graph.encryptedContent("{\"id\":\"u1\"}", k, graph.wrap(k));
        ObjectNode tampered = content.deepCopy();
        byte[] sig = Base64.getDecoder().decode(content.get("dataSignature").asText());
        sig[0] ^= 1;
        tampered.put("dataSignature", Base64.getEncoder().encodeToString(sig));
        assertThat(decryptor.decrypt(tampered)).isEmpty();
        ObjectNode unknown = content.deepCopy();
        unknown.put("encryptionCertificateId", "someone-else");
        assertThat(decryptor.decrypt(unknown)).isEmpty();
    }

    @Test
    void oldKeysStayReadableAfterARotation() throws Exception {
        GraphStyleEncryption graph = new GraphStyleEncryption(
                keys.current().base64Der(), keys.current().id());
        byte[] k = graph.newKey();
        ObjectNode content = graph.encryptedContent("{\"id\":\"u2\"}", k, graph.wrap(k));
        keys.rotate();
        assertThat(decryptor.decrypt(content)).contains("{\"id\":\"u2\"}");
    }
}
