package dev.switchboard.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code switchboard presence-check}: not built yet. */
@Command(
        name = "presence-check",
        mixinStandardHelpOptions = true,
        description = "Sign in every configured presence source and report its health.")
public final class PresenceCheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("switchboard presence-check: not available in this build yet");
        return 2;
    }
}
