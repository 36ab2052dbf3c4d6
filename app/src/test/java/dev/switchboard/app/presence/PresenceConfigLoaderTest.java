package dev.switchboard.app.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.app.Main;
import dev.switchboard.app.config.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PresenceConfigLoaderTest {
    private static final String TENANT = "11111111-2222-3333-4444-555555555555";
    private static final String CLIENT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private static String config(String password) {
        return """
                presence:
                  tenantId: "%s"
                  clientId: "%s"
                  accounts:
                    - name: pa1
                      username: presence1@contoso.com
                      password: %s
                  webhook:
                    publicUrl: https://switchboard.contoso.com/graph/notifications
                    clientState: {env: SB_STATE}
                    listen: {host: 127.0.0.1, port: 0}
                  coarse: {type: federation, url: "https://127.0.0.1:8443/federation/v1"}
                  timing: {maintenanceInterval: 30s, coalesceDelay: 100ms}
                """.formatted(TENANT, CLIENT, password);
    }

    private final PresenceConfigLoader loader = new PresenceConfigLoader(Map.of("SB_PA1", "x", "SB_STATE", "y")::get);

    @Test
    void readsAValidFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, config("{env: SB_PA1}"));
        PresenceConfig c = loader.load(file);
        assertThat(c.settings().accounts()).hasSize(1);
        assertThat(c.settings().authority()).isEqualTo("https://login.microsoftonline.com/" + TENANT + "/");
        assertThat(c.settings().timing().maintenanceInterval()).hasSeconds(30);
        assertThat(c.listen().path()).isEqualTo("/graph/notifications");
        assertThat(c.coarse().type()).isEqualTo(PresenceConfig.CoarseType.FEDERATION);
    }

    @Test
    void refusesPlainTextSecretsNamingTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, config("hunter2"));
        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("presence.accounts[0].password")
                .hasMessageContaining("plain-text")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void unknownKeysAndBadValuesNameTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(
                file, config("{env: SB_PA1}").replace("maintenanceInterval: 30s", "maintenanceIntervall: 30s"));
        assertThatThrownBy(() -> loader.load(file)).hasMessageStartingWith("presence.timing.maintenanceIntervall");
        Files.writeString(file, config("{env: SB_MISSING}"));
        assertThatThrownBy(() -> loader.load(file)).hasMessageStartingWith("presence.accounts[0].password.env");
        Files.writeString(file, config("{env: SB_PA1}").replace(TENANT, "not-a-guid"));
        assertThatThrownBy(() -> loader.load(file)).hasMessageStartingWith("presence.tenantId");
    }

    @Test
    void presenceCheckExitsWith2OnABadConfiguration(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, config("hunter2"));
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("presence-check", "--config", file.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("presence.accounts[0].password").doesNotContain("hunter2");
    }
}
