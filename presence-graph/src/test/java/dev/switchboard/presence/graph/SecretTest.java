package dev.switchboard.presence.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {

    @Test
    void theValueNeverShowsInToString(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "S3cr3t-Passw0rd\n");
        Secret secret = Secret.fromFile(file);
        assertThat(secret.revealString()).isEqualTo("S3cr3t-Passw0rd");
        assertThat(secret.toString()).doesNotContain("S3cr3t").contains(file.toString());
        GraphPresenceSettings.Account account = new GraphPresenceSettings.Account("pa1", "pa1@contoso.com", secret);
        assertThat(account.toString()).doesNotContain("S3cr3t");
    }

    @Test
    void aRotatedFileChangesTheFingerprint(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "one");
        Secret secret = Secret.fromFile(file);
        byte[] before = secret.fingerprint();
        Files.writeString(file, "two");
        assertThat(secret.fingerprint()).isNotEqualTo(before);
    }

    @Test
    void aMissingVariableIsReportedByName() {
        Secret secret = Secret.fromEnvironment("SWITCHBOARD_SURELY_NOT_SET_42");
        assertThat(secret.readable()).isFalse();
        assertThat(secret.toString()).contains("SWITCHBOARD_SURELY_NOT_SET_42");
    }
}
