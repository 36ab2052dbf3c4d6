package dev.switchboard.app;

import dev.switchboard.app.demo.DemoOrganisation;
import dev.switchboard.app.demo.DemoPresence;
import dev.switchboard.app.demo.DemoTelephony;
import dev.switchboard.app.server.ServerSettings;
import dev.switchboard.app.server.SwitchboardServer;
import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.routing.Outcome;
import dev.switchboard.engine.Engine;
import dev.switchboard.http.auth.ApiToken;
import dev.switchboard.http.auth.Role;
import dev.switchboard.sim.tenant.FakeTeamsTenant;
import dev.switchboard.sim.tenant.FakeTenantOptions;
import dev.switchboard.sim.tenant.FakeUser;
import dev.switchboard.sim.tenant.PresenceCatalog;
import dev.switchboard.store.StoreConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard demo}: the whole system on one machine — embedded database, a fake Teams
 * tenant with a working day of meetings and personal calls, the real Graph adapter signed in to
 * it with two presence accounts, a sample organisation, synthetic calls through the call-control
 * API, and the dashboard.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the whole system on this machine: embedded database, fake Teams tenant, dashboard,"
                + " synthetic calls. Stop with Ctrl-C.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", description = "HTTP port of the dashboard and API (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(
            names = "--data-dir",
            description = "Where the demo keeps its database and tokens (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("switchboard-data", "demo");

    @Option(names = "--agents", description = "Agents in the sample organisation (default: ${DEFAULT-VALUE}).")
    int agents = 50;

    @Option(names = "--calls-per-hour", description = "Synthetic call load (default: ${DEFAULT-VALUE}).")
    double callsPerHour = 600;

    @Option(
            names = "--day-speed",
            description = "How much faster than real time the agents' working day runs (default: ${DEFAULT-VALUE}).")
    double daySpeed = 10;

    @Option(names = "--seed", description = "Seed of the organisation, the working day and the calls.")
    long seed = 1;

    @Option(
            names = "--day-start",
            description = "Time of day the agents' working day starts from (default: ${DEFAULT-VALUE}, when"
                    + " everybody has arrived).")
    LocalTime dayStart = LocalTime.of(9, 45);

    @Override
    public Integer call() throws Exception {
        PrintStream out = spec.commandLine().getOut() == null ? System.out : new PrintStream(System.out, true);
        if (agents < 5 || agents > 2000) {
            System.err.println("switchboard demo: --agents must be between 5 and 2000");
            return 2;
        }
        if (callsPerHour < 0 || daySpeed < 0) {
            System.err.println("switchboard demo: --calls-per-hour and --day-speed must not be negative");
            return 2;
        }
        Files.createDirectories(dataDir);
        Map<String, String> secrets = loadOrCreateSecrets(dataDir.resolve("demo-tokens.properties"));

        System.err.println("switchboard demo: starting the fake Teams tenant ...");
        FakeTeamsTenant tenant = FakeTeamsTenant.start(
                FakeTenantOptions.builder().port(0).users(agents).seed(seed).build());
        List<String> userIds = tenant.users().stream().map(FakeUser::id).toList();
        DemoOrganisation organisation = new DemoOrganisation(userIds, seed);

        List<ApiToken> tokens = new ArrayList<>();
        tokens.add(ApiToken.fromSecret("demo-admin", Set.of(Role.ADMIN), null, secrets.get("admin")));
        tokens.add(ApiToken.fromSecret("demo-supervisor", Set.of(Role.SUPERVISOR), null, secrets.get("supervisor")));
        tokens.add(ApiToken.fromSecret("demo-telephony", Set.of(Role.TELEPHONY), null, secrets.get("telephony")));
        for (AgentConfig a : organisation.agents()) {
            tokens.add(
                    ApiToken.fromSecret("agent:" + a.id(), Set.of(Role.AGENT), a.id(), agentSecret(secrets, a.id())));
        }
        ServerSettings settings = new ServerSettings(
                "demo", dataDir, host, port, null, null, StoreConfig.embedded(dataDir), tokens, null, 10_000);

        System.err.println("switchboard demo: starting the server (database in " + dataDir + ") ...");
        SwitchboardServer server;
        try {
            server = SwitchboardServer.start(
                    settings,
                    InstantSource.system(),
                    (durable, audit) -> DemoPresence.start(tenant, durable.engine(), audit));
        } catch (Exception e) {
            tenant.close();
            System.err.println("switchboard demo: could not start: " + e.getMessage());
            return 1;
        }
        Engine engine = server.engine().engine();
        if (engine.snapshot().agents().isEmpty()) {
            System.err.println("switchboard demo: configuring the sample organisation ...");
            for (dev.switchboard.core.command.Command c :
                    organisation.commands(InstantSource.system().instant())) {
                Outcome o = engine.submitAndWait(c, Duration.ofSeconds(30));
                if (o.rejection().isPresent()) {
                    System.err.println(
                            "switchboard demo: " + o.rejection().get().message());
                }
            }
        }

        // Everybody starts the day available; the fake tenant then moves them through meetings,
        // personal calls, breaks and going offline.
        for (String user : userIds) {
            tenant.control().setPresence(user, PresenceCatalog.AVAILABLE);
        }
        tenant.control().startDay(dayStart, daySpeed, seed);

        Map<String, String> userOf = new HashMap<>();
        for (AgentConfig a : organisation.agents()) {
            userOf.put(a.id().value(), a.userId());
        }
        URI base = URI.create("http://127.0.0.1:" + server.http().port() + "/");
        DemoTelephony telephony = new DemoTelephony(
                base,
                secrets.get("telephony"),
                callsPerHour,
                List.of(
                        new DemoTelephony.Line("sales", 35, "NORMAL"),
                        new DemoTelephony.Line("support", 35, "NORMAL"),
                        new DemoTelephony.Line("billing", 12, "NORMAL"),
                        new DemoTelephony.Line("vip", 8, "HIGH"),
                        new DemoTelephony.Line("french", 10, "NORMAL")),
                seed,
                (agent, inCall) -> {
                    String user = userOf.get(agent);
                    if (user != null) {
                        // Teams shows a routed call as "In a call", as it would for the real thing.
                        tenant.control()
                                .setPresence(user, inCall ? PresenceCatalog.IN_A_CALL : PresenceCatalog.AVAILABLE);
                    }
                });
        telephony.start();

        String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        String url = "http://" + shown + ":" + server.http().port() + "/";
        AgentId firstAgent = organisation.agents().get(0).id();
        out.println();
        out.println("Switchboard demo is running.");
        out.println("  Dashboard:    " + url + "#token=" + secrets.get("admin"));
        out.println("  Agent view:   " + url + "agent.html#token=" + agentSecret(secrets, firstAgent) + "  ("
                + firstAgent + ")");
        out.println("  Admin token:  " + secrets.get("admin"));
        out.println("  API:          " + url + "api   (OpenAPI: " + url + "openapi.json)");
        out.println(
                "  Fake tenant:  " + tenant.baseUrl() + "/_fake/info   (inject faults here, see docs/FAKE_TENANT.md)");
        out.println("  Data:         " + dataDir.toAbsolutePath());
        out.println("Stop with Ctrl-C.");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.err.println("switchboard demo: stopping ...");
                            telephony.close();
                            try {
                                tenant.control().stopDay();
                            } catch (RuntimeException ignored) {
                                // the tenant may already be down
                            }
                            server.close();
                            tenant.close();
                            stopped.countDown();
                        },
                        "demo-shutdown"));
        stopped.await();
        return 0;
    }

    /** Demo tokens survive restarts, so bookmarked links keep working. */
    private static Map<String, String> loadOrCreateSecrets(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            }
        }
        boolean changed = false;
        for (String name : List.of("admin", "supervisor", "telephony", "agents")) {
            if (p.getProperty(name) == null) {
                p.setProperty(name, newSecret());
                changed = true;
            }
        }
        if (changed) {
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "Switchboard demo API tokens (local demo only)");
            }
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** Each agent's token is derived from one stored secret, so none need be stored per agent. */
    private static String agentSecret(Map<String, String> secrets, AgentId agent) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    secrets.get("agents").getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(agent.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "agent-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newSecret() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return "sb-" + HexFormat.of().formatHex(b);
    }
}
