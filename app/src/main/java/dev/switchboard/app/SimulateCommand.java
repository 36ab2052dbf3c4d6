package dev.switchboard.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code switchboard simulate}: not built yet. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Simulate a contact centre on virtual time and compare with Erlang C/A.")
public final class SimulateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("switchboard simulate: not available in this build yet");
        return 2;
    }
}
