package dev.switchboard.app;

import dev.switchboard.sim.tenant.FakeAccount;
import dev.switchboard.sim.tenant.FakeApp;
import dev.switchboard.sim.tenant.FakeTeamsTenant;
import dev.switchboard.sim.tenant.FakeTenantOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard fake-tenant}: runs the fake Microsoft Teams tenant in the foreground until Ctrl-C. */
@Command(
        name = "fake-tenant",
        mixinStandardHelpOptions = true,
        description = {
            "Run the fake Microsoft Teams tenant (Entra token endpoint + Graph presence, subscriptions and"
                    + " change notifications) over HTTPS on 127.0.0.1, until Ctrl-C.",
            "See docs/FAKE_TENANT.md for the endpoints and the /_fake/ control API."
        })
public final class FakeTenantCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "0", description = "HTTPS port on 127.0.0.1 (default: a free port).")
    int port;

    @Option(
            names = "--users",
            defaultValue = "100",
            description = "Directory users to generate (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed for ids, names and presence (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tenant-id", description = "Tenant id (GUID); default derived from the seed.")
    String tenantId;

    @Option(
            names = "--allow-http-webhooks",
            description = "Accept plain http:// notification URLs (Graph refuses them).")
    boolean allowHttpWebhooks;

    @Option(names = "--cert-out", description = "Write the tenant's TLS certificate (PEM) to this file.")
    Path certOut;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (users < 0) {
            System.err.println("switchboard fake-tenant: --users must be 0 or more");
            return 2;
        }
        if (tenantId != null && !tenantId.matches("[0-9a-fA-F-]{36}")) {
            System.err.println("switchboard fake-tenant: --tenant-id must be a GUID");
            return 2;
        }
        FakeTeamsTenant tenant;
        try {
            tenant = FakeTeamsTenant.start(FakeTenantOptions.builder()
                    .port(port)
                    .users(users)
                    .seed(seed)
                    .tenantId(tenantId)
                    .allowPlainHttpWebhooks(allowHttpWebhooks)
                    .build());
        } catch (RuntimeException e) {
            System.err.println("switchboard fake-tenant: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            tenant.close();
                            stopped.countDown();
                        },
                        "fake-tenant-shutdown"));
        if (certOut != null) {
            Files.writeString(certOut, tenant.certificatePem(), StandardCharsets.US_ASCII);
        }
        print(tenant, System.out);
        stopped.await();
        return 0;
    }

    private void print(FakeTeamsTenant tenant, PrintStream out) {
        out.println("Fake Microsoft Teams tenant running (Ctrl-C to stop)");
        out.println("  base URL        " + tenant.baseUrl());
        out.println("  authority       " + tenant.authority() + "   (MSAL4J: .instanceDiscovery(false))");
        out.println("  tenant id       " + tenant.tenantId());
        out.println("  Graph           " + tenant.graphBaseUrl());
        out.println("  federation      " + tenant.baseUrl() + "/federation/v1");
        out.println("  signing keys    " + tenant.jwksUrl());
        out.println("  control API     " + tenant.baseUrl() + "/_fake/   (e.g. GET /_fake/info, /_fake/users)");
        out.println("  certificate     "
                + (certOut != null ? certOut.toAbsolutePath() : tenant.baseUrl() + "/_fake/certificate.pem")
                + "   (self-signed; trust it, e.g. curl --cacert)");
        out.println("  users           " + tenant.users().size() + " (seed " + seed + ")");
        out.println("Accounts (fake test credentials):");
        tenant.accounts().stream()
                .sorted(Comparator.comparing(FakeAccount::username))
                .forEach(a -> out.println("  " + a.username() + "  password " + a.password() + "  "
                        + a.delegatedPermissions().stream().sorted().toList()));
        out.println("Apps:");
        tenant.apps().stream()
                .sorted(Comparator.comparing(FakeApp::clientId))
                .forEach(a -> out.println("  " + a.clientId() + "  "
                        + (a.publicClient()
                                ? "public client (ROPC)"
                                : "certificate " + tenant.baseUrl() + "/_fake/apps/" + a.clientId()
                                        + "/certificate.p12 (password " + FakeTeamsTenant.PKCS12_PASSWORD + ")")
                        + "  " + a.applicationPermissions().stream().sorted().toList()));
        out.flush();
    }
}
