package dev.switchboard.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchboard} command line. */
@Command(
        name = "switchboard",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Presence-aware call distribution for Microsoft Teams organisations.",
        subcommands = {
            DemoCommand.class,
            ServeCommand.class,
            SimulateCommand.class,
            BenchCommand.class,
            FakeTenantCommand.class,
            PresenceCheckCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"switchboard " + (v == null ? "development build" : v)};
        }
    }
}
