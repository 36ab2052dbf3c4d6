package dev.switchboard.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.app.config.ConfigException;
import dev.switchboard.app.config.YamlFields;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.http.auth.ApiToken;
import dev.switchboard.http.auth.Role;
import dev.switchboard.http.telephony.TelephonyWebhookOptions;
import dev.switchboard.presence.graph.Secret;
import dev.switchboard.store.StoreConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the server part of the configuration file (everything but {@code presence:}, which its
 * own loader reads from the same file). See docs/CONFIGURATION.md.
 */
public final class ServeConfigLoader extends YamlFields {

    public ServeConfigLoader() {
        this(System::getenv);
    }

    public ServeConfigLoader(Function<String, String> environment) {
        super(environment);
    }

    /** The server settings, and whether the file has a {@code presence:} section. */
    public record Loaded(ServerSettings settings, boolean hasPresence) {}

    public Loaded load(Path file) throws ConfigException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            throw new ConfigException(
                    file.toString(),
                    "cannot read the configuration: " + m.lines().findFirst().orElse(m));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(file.toString(), "must be a YAML mapping");
        }
        baseDir = file.toAbsolutePath().getParent();
        allowOnly(
                root,
                "",
                "tenant",
                "dataDir",
                "server",
                "database",
                "tokens",
                "telephony",
                "snapshotEvery",
                "presence");
        String tenant = root.has("tenant") ? text(root, "", "tenant") : "default";
        if (!tenant.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ConfigException("tenant", "letters, digits, '.', '_' or '-', at most 64");
        }
        Path dataDir = root.has("dataDir") ? resolve(text(root, "", "dataDir")) : Path.of("switchboard-data");

        String host = "0.0.0.0";
        int port = 8080;
        Path keystore = null;
        String keystorePassword = null;
        JsonNode server = root.get("server");
        if (server != null) {
            object(server, "server");
            allowOnly(server, "server", "host", "port", "https");
            if (server.has("host")) {
                host = text(server, "server", "host");
            }
            if (server.has("port")) {
                port = integer(server, "server", "port", 0, 65535);
            }
            JsonNode https = server.get("https");
            if (https != null) {
                object(https, "server.https");
                allowOnly(https, "server.https", "keystoreFile", "keystorePassword");
                keystore = resolve(text(https, "server.https", "keystoreFile"));
                if (!Files.isReadable(keystore)) {
                    throw new ConfigException("server.https.keystoreFile", "cannot read " + keystore);
                }
                keystorePassword =
                        secret(https, "server.https", "keystorePassword").revealString();
            }
        }

        StoreConfig store = StoreConfig.embedded(dataDir);
        JsonNode db = root.get("database");
        if (db != null) {
            object(db, "database");
            allowOnly(db, "database", "url", "user", "password", "schema", "poolSize");
            String url = text(db, "database", "url");
            if (!url.startsWith("jdbc:")) {
                throw new ConfigException("database.url", "must be a JDBC URL, e.g. jdbc:postgresql://host:5432/db");
            }
            String user = db.has("user") ? text(db, "database", "user") : null;
            String password =
                    db.has("password") ? secret(db, "database", "password").revealString() : null;
            store = StoreConfig.jdbc(url, user, password);
            if (db.has("schema")) {
                try {
                    store = store.withSchema(text(db, "database", "schema"));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("database.schema", e.getMessage());
                }
            }
            if (db.has("poolSize")) {
                store = store.withMaxPoolSize(integer(db, "database", "poolSize", 1, 200));
            }
        }

        List<ApiToken> tokens = tokens(root.get("tokens"));

        TelephonyWebhookOptions telephony = null;
        JsonNode t = root.get("telephony");
        if (t != null) {
            object(t, "telephony");
            allowOnly(t, "telephony", "webhookUrl", "secret");
            telephony = TelephonyWebhookOptions.to(URI.create(url(t, "telephony", "webhookUrl")));
            if (t.has("secret")) {
                telephony =
                        telephony.withSecret(secret(t, "telephony", "secret").revealString());
            }
        }
        long snapshotEvery = root.has("snapshotEvery") ? integer(root, "", "snapshotEvery", 0, 10_000_000) : 10_000;
        ServerSettings settings = new ServerSettings(
                tenant, dataDir, host, port, keystore, keystorePassword, store, tokens, telephony, snapshotEvery);
        return new Loaded(settings, root.has("presence"));
    }

    private List<ApiToken> tokens(JsonNode node) throws ConfigException {
        if (node == null) {
            throw new ConfigException("tokens", "missing: at least one API token (e.g. an admin token) is needed");
        }
        array(node, "tokens");
        if (node.isEmpty()) {
            throw new ConfigException("tokens", "at least one API token is needed");
        }
        List<ApiToken> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String f = "tokens[" + i + "]";
            JsonNode t = node.get(i);
            object(t, f);
            allowOnly(t, f, "name", "roles", "agent", "token", "hash");
            String name = text(t, f, "name");
            if (!names.add(name)) {
                throw new ConfigException(f + ".name", "'" + name + "' is used twice");
            }
            EnumSet<Role> roles = EnumSet.noneOf(Role.class);
            for (String r : strings(t, f, "roles")) {
                try {
                    roles.add(Role.parse(r));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(f + ".roles", e.getMessage());
                }
            }
            if (roles.isEmpty()) {
                throw new ConfigException(f + ".roles", "give at least one of admin, supervisor, agent, telephony");
            }
            AgentId agent = null;
            if (t.has("agent")) {
                try {
                    agent = AgentId.of(text(t, f, "agent"));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(f + ".agent", e.getMessage());
                }
            }
            if (roles.contains(Role.AGENT) != (agent != null)) {
                throw new ConfigException(
                        f + ".agent", "an agent token names exactly its agent; other tokens name none");
            }
            if (t.has("token") == t.has("hash")) {
                throw new ConfigException(
                        f, "give exactly one of token ({env: NAME} or {file: PATH}) or hash (sha256:<hex>)");
            }
            try {
                if (t.has("token")) {
                    Secret secret = secret(t, f, "token");
                    out.add(ApiToken.fromSecret(name, roles, agent, secret.revealString()));
                } else {
                    out.add(ApiToken.fromHash(name, roles, agent, text(t, f, "hash")));
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(f, e.getMessage());
            }
        }
        return out;
    }
}
