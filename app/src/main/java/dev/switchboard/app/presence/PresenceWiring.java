package dev.switchboard.app.presence;

import dev.switchboard.presence.graph.SelfSignedCertificate;
import dev.switchboard.presence.graph.TrustedCertificates;
import dev.switchboard.presence.graph.coarse.CoarsePresenceSource;
import dev.switchboard.presence.graph.coarse.FederatedPresenceSource;
import dev.switchboard.presence.graph.coarse.PushedPresenceSource;
import dev.switchboard.presence.graph.webhook.GraphWebhook;
import dev.switchboard.presence.graph.webhook.HttpsWebhookServer;
import dev.switchboard.presence.graph.webhook.WebhookRequest;
import dev.switchboard.presence.graph.webhook.WebhookResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Builds the presence adapter's parts from a {@link PresenceConfig}. */
public final class PresenceWiring {
    private PresenceWiring() {}

    /** Trust for Entra ID and Graph: the JDK's authorities plus the configured certificates. */
    public static SSLContext clientTls(PresenceConfig config) {
        return TrustedCertificates.clientContext(config.trustedCertificates());
    }

    /** The configured coarse source, or null. */
    public static CoarsePresenceSource coarseSource(PresenceConfig config, SSLContext tls) {
        PresenceConfig.Coarse c = config.coarse();
        return switch (c.type()) {
            case NONE -> null;
            case FEDERATION ->
                new FederatedPresenceSource(
                        HttpClient.newBuilder()
                                .sslContext(tls)
                                .connectTimeout(Duration.ofSeconds(10))
                                .build(),
                        c.url());
            case PUSH -> new PushedPresenceSource("coarse:push", c.sharedSecret());
        };
    }

    /** The listener's certificate: the configured keystore, or a self-signed one. */
    public static SSLContext listenerTls(PresenceConfig.Listen listen) throws IOException {
        if (listen.keystore() == null) {
            return SelfSignedCertificate.generate(
                            "switchboard-webhook", List.of("localhost", "127.0.0.1"), Duration.ofDays(365))
                    .serverContext();
        }
        char[] password = listen.keystorePassword().reveal();
        try (InputStream in = Files.newInputStream(listen.keystore())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the listener keystore " + listen.keystore() + ": " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Starts the HTTPS listener with the webhook (and the push endpoint, if configured). */
    public static HttpsWebhookServer startListener(
            PresenceConfig config, GraphWebhook webhook, CoarsePresenceSource coarse) throws IOException {
        PresenceConfig.Listen listen = config.listen();
        Map<String, Function<WebhookRequest, WebhookResponse>> handlers = new LinkedHashMap<>();
        handlers.put(listen.path(), webhook::handle);
        if (coarse instanceof PushedPresenceSource push) {
            handlers.put(config.coarse().path(), push::handle);
        }
        return HttpsWebhookServer.start(listen.host(), listen.port(), listenerTls(listen), handlers);
    }
}
