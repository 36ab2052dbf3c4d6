package dev.switchboard.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code switchboard bench}: not built yet. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run the JMH benchmarks and print a summary.")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("switchboard bench: not available in this build yet");
        return 2;
    }
}
