package dev.switchboard.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code switchboard demo}: not built yet. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the whole system on this machine: embedded database, fake Teams tenant, dashboard, synthetic calls.")
public final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("switchboard demo: not available in this build yet");
        return 2;
    }
}
