package dev.switchboard.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.app.config.ConfigException;
import dev.switchboard.app.presence.PresenceConfig;
import dev.switchboard.app.presence.PresenceConfigLoader;
import dev.switchboard.app.presence.PresenceWiring;
import dev.switchboard.presence.graph.GraphPresenceProbe;
import dev.switchboard.presence.graph.SourceHealth;
import dev.switchboard.presence.graph.coarse.CoarsePresenceSource;
import dev.switchboard.presence.graph.webhook.GraphWebhook;
import dev.switchboard.presence.graph.webhook.HttpsWebhookServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard presence-check --config FILE [--json]}: signs in every configured presence
 * source, reads a sample of presences, tries a subscription (Graph then performs the validation
 * handshake with the configured webhook; a temporary listener answers it when the service is not
 * running) and prints one line per source. Exit 0 when all are OK, 1 otherwise, 2 for a bad
 * configuration.
 */
@Command(
        name = "presence-check",
        mixinStandardHelpOptions = true,
        description = "Sign in every configured presence source and report its health.")
public final class PresenceCheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the YAML configuration file")
    Path config;

    @Option(names = "--json", description = "print one JSON object instead of lines")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PresenceConfig presence;
        try {
            presence = new PresenceConfigLoader().load(config);
        } catch (ConfigException e) {
            err.println("presence-check: bad configuration: " + e.getMessage());
            err.flush();
            return 2;
        }
        SSLContext tls = PresenceWiring.clientTls(presence);
        CoarsePresenceSource coarse = PresenceWiring.coarseSource(presence, tls);
        HttpsWebhookServer temporary = null;
        GraphWebhook handshakeOnly = null;
        String listenerNote = null;
        try {
            if (presence.listen() != null && presence.settings().webhook() != null) {
                handshakeOnly = new GraphWebhook((body, at) -> {}, 16, 1);
                try {
                    temporary = PresenceWiring.startListener(presence, handshakeOnly, null);
                    listenerNote =
                            "temporary webhook listener on " + presence.listen().host() + ":" + temporary.port();
                } catch (BindException inUse) {
                    listenerNote = "the webhook port is in use: assuming the running service answers the handshake";
                }
            }
            List<SourceHealth> results = new GraphPresenceProbe(presence.settings(), tls, InstantSource.system())
                    .check(presence.sampleUserIds(), coarse, presence.settings().webhook() != null);
            boolean ok = results.stream().allMatch(SourceHealth::ok);
            if (json) {
                out.println(toJson(results, ok, listenerNote));
            } else {
                if (listenerNote != null) {
                    out.println("# " + listenerNote);
                }
                for (SourceHealth h : results) {
                    out.println(line(h));
                }
            }
            out.flush();
            return ok ? 0 : 1;
        } catch (IOException e) {
            err.println("presence-check: cannot start the webhook listener: " + e.getMessage());
            err.flush();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            if (temporary != null) {
                temporary.close();
            }
            if (handshakeOnly != null) {
                handshakeOnly.close();
            }
        }
    }

    static String line(SourceHealth h) {
        if (h.ok()) {
            return String.format("%-28s %-40s %s", h.source(), "OK", h.detail());
        }
        return String.format(
                "%-28s %-40s fix: %s%s",
                h.source(), h.label(), h.fix(), h.detail().isEmpty() ? "" : " [" + h.detail() + "]");
    }

    static String toJson(List<SourceHealth> results, boolean ok, String note) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("ok", ok);
        if (note != null) {
            root.put("note", note);
        }
        ArrayNode sources = root.putArray("sources");
        for (SourceHealth h : results) {
            ObjectNode s = sources.addObject();
            s.put("source", h.source());
            s.put("kind", h.kind().name());
            s.put("status", h.status().name());
            if (h.aadstsCode() == null) {
                s.putNull("aadsts");
            } else {
                s.put("aadsts", h.aadstsCode());
            }
            s.put("fix", h.ok() ? null : h.fix());
            s.put("detail", h.detail());
        }
        return root.toString();
    }
}
