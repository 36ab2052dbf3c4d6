package dev.switchboard.app.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.app.config.ConfigException;
import dev.switchboard.app.config.YamlFields;
import dev.switchboard.presence.graph.GraphClient;
import dev.switchboard.presence.graph.GraphPresenceSettings;
import dev.switchboard.presence.graph.Secret;
import dev.switchboard.presence.graph.TrustedCertificates;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the {@code presence:} section of a YAML configuration file. Every error names the field.
 * Secrets must come from {@code {env: NAME}} or {@code {file: PATH}}; a plain-text secret in the
 * file is refused. Unknown keys are refused too, so a typo does not silently fall back to a
 * default.
 */
public final class PresenceConfigLoader extends YamlFields {

    /** A loader reading secrets' presence from the process environment. */
    public PresenceConfigLoader() {
        this(System::getenv);
    }

    /** A loader with another environment (tests). */
    public PresenceConfigLoader(Function<String, String> environment) {
        super(environment);
    }

    public PresenceConfig load(Path file) throws ConfigException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read the configuration: " + firstLine(e));
        }
        baseDir = file.toAbsolutePath().getParent();
        if (root == null || !root.has("presence")) {
            throw new ConfigException("presence", "missing: the file needs a top-level 'presence:' section");
        }
        return parse(root.get("presence"));
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    PresenceConfig parse(JsonNode p) throws ConfigException {
        String at = "presence";
        object(p, at);
        allowOnly(
                p,
                at,
                "tenantId",
                "clientId",
                "authority",
                "graphBaseUrl",
                "scopes",
                "trustedCertificates",
                "accounts",
                "application",
                "coarse",
                "webhook",
                "richNotifications",
                "timing",
                "limits",
                "check");
        String tenantId = guid(p, at, "tenantId");
        String clientId = p.has("clientId") ? guid(p, at, "clientId") : null;
        String authority = p.has("authority") ? url(p, at, "authority") : null;
        if (authority != null && !authority.endsWith("/")) {
            authority = authority + "/";
        }
        String graph = p.has("graphBaseUrl") ? url(p, at, "graphBaseUrl") : null;
        Set<String> scopes = new LinkedHashSet<>(strings(p, at, "scopes"));

        List<X509Certificate> trusted = new ArrayList<>();
        JsonNode certs = p.get("trustedCertificates");
        if (certs != null) {
            array(certs, at + ".trustedCertificates");
            for (int i = 0; i < certs.size(); i++) {
                String f = at + ".trustedCertificates[" + i + "]";
                JsonNode c = certs.get(i);
                String pem;
                if (c.isTextual() && c.asText().contains("BEGIN CERTIFICATE")) {
                    pem = c.asText();
                } else if (c.isObject() && c.has("file")) {
                    allowOnly(c, f, "file");
                    pem = readText(resolve(text(c, f, "file")), f + ".file");
                } else {
                    throw new ConfigException(f, "give PEM text or {file: PATH}");
                }
                try {
                    trusted.addAll(TrustedCertificates.parsePem(pem));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(f, e.getMessage());
                }
            }
        }

        List<GraphPresenceSettings.Account> accounts = new ArrayList<>();
        JsonNode accountNodes = p.get("accounts");
        if (accountNodes != null) {
            array(accountNodes, at + ".accounts");
            Set<String> names = new LinkedHashSet<>();
            for (int i = 0; i < accountNodes.size(); i++) {
                String f = at + ".accounts[" + i + "]";
                JsonNode a = accountNodes.get(i);
                object(a, f);
                allowOnly(a, f, "name", "username", "password");
                String username = text(a, f, "username");
                if (!username.contains("@")) {
                    throw new ConfigException(f + ".username", "must be a user principal name (user@domain)");
                }
                String name = a.has("name") ? text(a, f, "name") : "pa" + (i + 1);
                if (!names.add(name)) {
                    throw new ConfigException(f + ".name", "duplicate account name '" + name + "'");
                }
                accounts.add(new GraphPresenceSettings.Account(name, username, secret(a, f, "password")));
            }
        }

        GraphPresenceSettings.Application application = null;
        JsonNode app = p.get("application");
        if (app != null) {
            String f = at + ".application";
            object(app, f);
            allowOnly(app, f, "clientId", "certificateFile", "certificatePassword", "pollInterval");
            Path cert = resolve(text(app, f, "certificateFile"));
            byte[] pkcs12;
            try {
                pkcs12 = Files.readAllBytes(cert);
            } catch (IOException e) {
                throw new ConfigException(f + ".certificateFile", "cannot read " + cert);
            }
            application = new GraphPresenceSettings.Application(
                    guid(app, f, "clientId"),
                    pkcs12,
                    secret(app, f, "certificatePassword"),
                    app.has("pollInterval") ? duration(app, f, "pollInterval") : null);
        }

        GraphPresenceSettings.Webhook webhook = null;
        PresenceConfig.Listen listen = null;
        JsonNode w = p.get("webhook");
        if (w != null) {
            String f = at + ".webhook";
            object(w, f);
            allowOnly(w, f, "publicUrl", "lifecycleUrl", "clientState", "listen");
            String publicUrl = url(w, f, "publicUrl");
            if (!publicUrl.startsWith("https://")) {
                throw new ConfigException(f + ".publicUrl", "Graph delivers only to https:// URLs");
            }
            webhook = new GraphPresenceSettings.Webhook(
                    publicUrl, w.has("lifecycleUrl") ? url(w, f, "lifecycleUrl") : null, secret(w, f, "clientState"));
            if (w.has("listen")) {
                String lf = f + ".listen";
                JsonNode l = w.get("listen");
                object(l, lf);
                allowOnly(l, lf, "host", "port", "path", "keystoreFile", "keystorePassword");
                int port = integer(l, lf, "port", 0, 65535);
                String path = l.has("path")
                        ? text(l, lf, "path")
                        : URI.create(publicUrl).getPath();
                if (path == null || path.isEmpty()) {
                    path = "/";
                }
                if (!path.startsWith("/")) {
                    throw new ConfigException(lf + ".path", "must start with /");
                }
                Path keystore = l.has("keystoreFile") ? resolve(text(l, lf, "keystoreFile")) : null;
                Secret keystorePassword = keystore == null ? null : secret(l, lf, "keystorePassword");
                listen = new PresenceConfig.Listen(
                        l.has("host") ? text(l, lf, "host") : "0.0.0.0", port, path, keystore, keystorePassword);
            }
        }
        if (!accounts.isEmpty() && webhook == null) {
            throw new ConfigException(at + ".webhook", "missing: presence accounts need a webhook for subscriptions");
        }
        if (!accounts.isEmpty() && clientId == null) {
            throw new ConfigException(at + ".clientId", "missing: presence accounts sign in to this application");
        }

        GraphPresenceSettings.RichNotifications rich = null;
        JsonNode r = p.get("richNotifications");
        if (r != null) {
            String f = at + ".richNotifications";
            object(r, f);
            allowOnly(r, f, "enabled", "jwksUrl");
            if (!r.has("enabled") || r.get("enabled").asBoolean()) {
                rich = new GraphPresenceSettings.RichNotifications(r.has("jwksUrl") ? url(r, f, "jwksUrl") : null);
            }
            if (rich != null && clientId == null) {
                throw new ConfigException(at + ".clientId", "missing: rich notifications are checked against it");
            }
        }

        GraphPresenceSettings.Timing timing = GraphPresenceSettings.Timing.defaults();
        JsonNode t = p.get("timing");
        if (t != null) {
            String f = at + ".timing";
            object(t, f);
            allowOnly(
                    t,
                    f,
                    "maintenanceInterval",
                    "subscriptionLifetime",
                    "renewBefore",
                    "resyncInterval",
                    "staleAfter",
                    "coalesceDelay",
                    "tokenRefreshMargin",
                    "coarsePollInterval",
                    "coarseFallbackPollInterval");
            timing = new GraphPresenceSettings.Timing(
                    durationOr(t, f, "maintenanceInterval", timing.maintenanceInterval()),
                    durationOr(t, f, "subscriptionLifetime", timing.subscriptionLifetime()),
                    durationOr(t, f, "renewBefore", timing.renewBefore()),
                    durationOr(t, f, "resyncInterval", timing.resyncInterval()),
                    durationOr(t, f, "staleAfter", timing.staleAfter()),
                    durationOr(t, f, "coalesceDelay", timing.coalesceDelay()),
                    durationOr(t, f, "tokenRefreshMargin", timing.tokenRefreshMargin()),
                    durationOr(t, f, "coarsePollInterval", timing.coarsePollInterval()),
                    durationOr(t, f, "coarseFallbackPollInterval", timing.coarseFallbackPollInterval()));
            if (timing.subscriptionLifetime().compareTo(Duration.ofMinutes(60)) > 0) {
                throw new ConfigException(f + ".subscriptionLifetime", "Graph allows at most 60 minutes");
            }
            if (timing.renewBefore().compareTo(timing.subscriptionLifetime()) >= 0) {
                throw new ConfigException(f + ".renewBefore", "must be shorter than subscriptionLifetime");
            }
        }

        GraphPresenceSettings.Limits limits = GraphPresenceSettings.Limits.defaults();
        JsonNode lim = p.get("limits");
        if (lim != null) {
            String f = at + ".limits";
            object(lim, f);
            allowOnly(
                    lim,
                    f,
                    "presenceRequestsPer30s",
                    "headroom",
                    "maxAttempts",
                    "idsPerSubscription",
                    "maxSubscriptionsPerAccount");
            double headroom = limits.headroom();
            if (lim.has("headroom")) {
                headroom = lim.get("headroom").asDouble(-1);
                if (headroom < 0 || headroom >= 1) {
                    throw new ConfigException(f + ".headroom", "must be a number in [0, 1)");
                }
            }
            limits = new GraphPresenceSettings.Limits(
                    lim.has("presenceRequestsPer30s")
                            ? integer(lim, f, "presenceRequestsPer30s", 2, 1_000_000)
                            : limits.presenceRequestsPerWindow(),
                    limits.window(),
                    headroom,
                    lim.has("maxAttempts") ? integer(lim, f, "maxAttempts", 1, 20) : limits.maxAttempts(),
                    lim.has("idsPerSubscription")
                            ? integer(lim, f, "idsPerSubscription", 1, GraphClient.MAX_IDS)
                            : limits.idsPerSubscription(),
                    lim.has("maxSubscriptionsPerAccount")
                            ? integer(lim, f, "maxSubscriptionsPerAccount", 0, 1000)
                            : limits.maxSubscriptionsPerAccount());
        }

        PresenceConfig.Coarse coarse = new PresenceConfig.Coarse(PresenceConfig.CoarseType.NONE, null, null, null);
        JsonNode c = p.get("coarse");
        if (c != null) {
            String f = at + ".coarse";
            object(c, f);
            allowOnly(c, f, "type", "url", "sharedSecret", "path");
            String type = text(c, f, "type").toUpperCase(Locale.ROOT);
            PresenceConfig.CoarseType kind;
            try {
                kind = PresenceConfig.CoarseType.valueOf(type);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(f + ".type", "must be one of federation, push, none");
            }
            coarse = switch (kind) {
                case NONE -> coarse;
                case FEDERATION -> new PresenceConfig.Coarse(kind, url(c, f, "url"), null, null);
                case PUSH -> {
                    if (listen == null) {
                        throw new ConfigException(
                                at + ".webhook.listen", "missing: the push endpoint is served by the listener");
                    }
                    yield new PresenceConfig.Coarse(
                            kind,
                            null,
                            secret(c, f, "sharedSecret"),
                            c.has("path") ? text(c, f, "path") : "/presence/coarse");
                }
            };
        }

        List<String> sample = new ArrayList<>();
        JsonNode check = p.get("check");
        if (check != null) {
            String f = at + ".check";
            object(check, f);
            allowOnly(check, f, "sampleUserIds");
            List<String> ids = strings(check, f, "sampleUserIds");
            for (int i = 0; i < ids.size(); i++) {
                if (!GUID.matcher(ids.get(i)).matches()) {
                    throw new ConfigException(f + ".sampleUserIds[" + i + "]", "must be a user object id (GUID)");
                }
            }
            sample.addAll(ids);
        }

        GraphPresenceSettings settings;
        try {
            settings = new GraphPresenceSettings(
                    tenantId, clientId, authority, graph, accounts, application, webhook, rich, timing, limits, scopes);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at, e.getMessage());
        }
        return new PresenceConfig(settings, listen, coarse, List.copyOf(trusted), List.copyOf(sample));
    }
}
