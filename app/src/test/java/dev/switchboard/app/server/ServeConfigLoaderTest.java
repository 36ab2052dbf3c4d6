package dev.switchboard.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.app.config.ConfigException;
import dev.switchboard.http.auth.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServeConfigLoaderTest {
    @TempDir
    Path dir;

    private ServeConfigLoader.Loaded load(String yaml) throws Exception {
        Files.writeString(dir.resolve("admin"), "an-admin-token-long-enough\n");
        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, yaml);
        return new ServeConfigLoader(name -> name.equals("SB_DB") ? "secret" : null).load(file);
    }

    @Test
    void readsAFullConfiguration() throws Exception {
        ServeConfigLoader.Loaded loaded = load("""
                tenant: contoso
                dataDir: data
                server: {host: 127.0.0.1, port: 9090}
                database: {url: "jdbc:postgresql://127.0.0.1:5432/test", user: postgres, schema: sb}
                tokens:
                  - {name: ops, roles: [admin], token: {file: admin}}
                  - {name: anna, roles: [agent], agent: anna, hash: "sha256:%s"}
                telephony: {webhookUrl: "https://bot.example.com/calls"}
                snapshotEvery: 500
                """.formatted("0".repeat(64)));
        ServerSettings s = loaded.settings();
        assertThat(s.tenant()).isEqualTo("contoso");
        assertThat(s.dataDirectory()).isEqualTo(dir.resolve("data"));
        assertThat(s.port()).isEqualTo(9090);
        assertThat(s.store().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(s.store().schema()).isEqualTo("sb");
        assertThat(s.tokens()).hasSize(2);
        assertThat(s.tokens().get(1).roles()).containsExactly(Role.AGENT);
        assertThat(s.telephony()).isNotNull();
        assertThat(s.snapshotEvery()).isEqualTo(500);
        assertThat(loaded.hasPresence()).isFalse();
        assertThat(s.toString()).doesNotContain("an-admin-token-long-enough");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "tokens: [{name: ops, roles: [admin], token: plain-text-token-123456}]|tokens[0].token",
                "tokens: [{name: ops, roles: [root], token: {file: admin}}]|tokens[0].roles",
                "tokens: [{name: ops, roles: [agent], token: {file: admin}}]|tokens[0].agent",
                "tokens: []|tokens",
                "server: {port: 70000}§tokens: [{name: ops, roles: [admin], token: {file: admin}}]|server.port",
                "colour: blue§tokens: [{name: ops, roles: [admin], token: {file: admin}}]|colour",
                "database: {url: postgres://x}§tokens: [{name: ops, roles: [admin], token: {file: admin}}]|database.url",
                "database: {url: \"jdbc:h2:mem:x\", password: hunter2}§tokens: [{name: ops, roles: [admin], token: {file: admin}}]|database.password",
                "tokens: [{name: ops, roles: [admin], token: {file: missing}}]|tokens[0].token.file",
            })
    void refusesBadSettingsNamingTheField(String yaml, String field) {
        // A § stands for a line break (CSV rows are single lines).
        assertThatThrownBy(() -> load(yaml.replace("§", "\n")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo(field));
    }
}
