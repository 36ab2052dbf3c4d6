package dev.switchboard.app.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.app.Main;
import dev.switchboard.sim.tenant.FakeAccount;
import dev.switchboard.sim.tenant.FakeTeamsTenant;
import dev.switchboard.sim.tenant.FakeTenantOptions;
import dev.switchboard.sim.tenant.SignInFailure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code presence-check} against the fake tenant over HTTPS, with a temporary webhook listener. */
class PresenceCheckCommandTest {

    @Test
    void reportsEverySourceAndExplainsAWrongPassword(@TempDir Path dir) throws Exception {
        try (FakeTeamsTenant tenant = FakeTeamsTenant.start(
                FakeTenantOptions.builder().port(0).users(10).seed(3).build())) {
            Files.writeString(dir.resolve("fake.pem"), tenant.certificatePem());
            FakeAccount a1 = tenant.accounts().get(0);
            FakeAccount a2 = tenant.accounts().get(1);
            Files.writeString(dir.resolve("pa1"), a1.password());
            Files.writeString(dir.resolve("pa2"), a2.password());
            Files.writeString(dir.resolve("state"), "client-state-secret");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String yaml = """
                    presence:
                      tenantId: "%s"
                      clientId: "%s"
                      authority: "%s"
                      graphBaseUrl: "%s"
                      trustedCertificates: [{file: fake.pem}]
                      accounts:
                        - {name: pa1, username: "%s", password: {file: pa1}}
                        - {name: pa2, username: "%s", password: {file: pa2}}
                      webhook:
                        publicUrl: "https://127.0.0.1:%d/graph/notifications"
                        clientState: {file: state}
                        listen: {host: 127.0.0.1, port: %d}
                      coarse: {type: federation, url: "%s/federation/v1"}
                      check: {sampleUserIds: ["%s"]}
                    """.formatted(
                            tenant.tenantId(),
                            tenant.publicClientId(),
                            tenant.authority(),
                            tenant.graphBaseUrl(),
                            a1.username(),
                            a2.username(),
                            port,
                            port,
                            tenant.baseUrl(),
                            tenant.users().get(0).id());
            Path config = dir.resolve("switchboard.yaml");
            Files.writeString(config, yaml);

            StringWriter out = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(out));
            assertThat(cli.execute("presence-check", "--config", config.toString(), "--json"))
                    .as(out.toString())
                    .isEqualTo(0);
            JsonNode ok = new ObjectMapper().readTree(out.toString());
            assertThat(ok.get("ok").asBoolean()).isTrue();
            assertThat(ok.get("sources")).hasSize(4); // pa1, pa2, webhook, coarse

            tenant.control().injectSignInFailure(a1.username(), SignInFailure.WRONG_PASSWORD);
            StringWriter text = new StringWriter();
            cli = Main.commandLine();
            cli.setOut(new PrintWriter(text));
            assertThat(cli.execute("presence-check", "--config", config.toString()))
                    .isEqualTo(1);
            assertThat(text.toString())
                    .contains("presence-account:pa1")
                    .contains("WRONG_PASSWORD (AADSTS50126)")
                    .contains("fix:")
                    .doesNotContain(a1.password())
                    .doesNotContain("client-state-secret");
        }
    }
}
