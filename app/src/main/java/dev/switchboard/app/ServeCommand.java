package dev.switchboard.app;

import dev.switchboard.app.config.ConfigException;
import dev.switchboard.app.presence.PresenceConfig;
import dev.switchboard.app.presence.PresenceConfigLoader;
import dev.switchboard.app.server.PresenceRuntime;
import dev.switchboard.app.server.ServeConfigLoader;
import dev.switchboard.app.server.SwitchboardServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard serve --config FILE}: the server for real — Entra ID and Graph for presence,
 * PostgreSQL or the embedded H2 database, the API and the dashboard.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run the server for real (Entra/Graph, PostgreSQL or H2) from a configuration file"
                + " (see docs/CONFIGURATION.md). Stop with Ctrl-C.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "The YAML configuration file.")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(config)) {
            System.err.println("switchboard serve: cannot read " + config);
            return 2;
        }
        ServeConfigLoader.Loaded loaded;
        PresenceConfig presence = null;
        try {
            loaded = new ServeConfigLoader().load(config);
            if (loaded.hasPresence()) {
                presence = new PresenceConfigLoader().load(config);
            }
        } catch (ConfigException e) {
            System.err.println("switchboard serve: " + e.getMessage());
            return 2;
        }
        PresenceConfig presenceConfig = presence;
        SwitchboardServer server;
        try {
            server = SwitchboardServer.start(
                    loaded.settings(),
                    InstantSource.system(),
                    presenceConfig == null
                            ? null
                            : (durable, audit) -> PresenceRuntime.fromConfig(presenceConfig, durable.engine(), audit));
        } catch (Exception e) {
            System.err.println("switchboard serve: could not start: " + e.getMessage());
            return 1;
        }
        System.out.println("Switchboard is serving tenant " + loaded.settings().tenant() + " on "
                + server.http().baseUrl() + " (dashboard at /, API at /api, OpenAPI at /openapi.json).");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.err.println("switchboard serve: stopping ...");
                            server.close();
                            stopped.countDown();
                        },
                        "serve-shutdown"));
        stopped.await();
        return 0;
    }
}
