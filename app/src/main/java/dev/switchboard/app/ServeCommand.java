package dev.switchboard.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code switchboard serve}: not built yet. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run the server for real (Entra/Graph, PostgreSQL or H2) from a configuration file.")
public final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("switchboard serve: not available in this build yet");
        return 2;
    }
}
