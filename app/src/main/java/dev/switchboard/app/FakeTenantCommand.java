package dev.switchboard.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code switchboard fake-tenant}: not built yet. */
@Command(
        name = "fake-tenant",
        mixinStandardHelpOptions = true,
        description = "Run the fake Microsoft Teams tenant (Entra + Graph presence) over HTTPS.")
public final class FakeTenantCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("switchboard fake-tenant: not available in this build yet");
        return 2;
    }
}
