package io.syncfleet.cli;

import io.syncfleet.app.ProcessLaunch;
import io.syncfleet.app.UserError;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code syncfleet} command line. */
@Command(name = "syncfleet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Replicates a source tree in real time to a fleet of rsync targets, over Kafka.",
        subcommands = {RunCommand.class, QuickstartCommand.class, BrokerCommand.class, CheckConfigCommand.class,
                StatusCommand.class, TargetsCommand.class, ReplayCommand.class, DustbinCommand.class,
                PushCommand.class, TestAlertCommand.class, TraceCommand.class, ImportRsyncCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        ProcessLaunch.preferVfork();
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit code; used by {@link #main} and by tests. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs one command line with the given user output and error streams. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(Main::handle);
        return cl.execute(args);
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof UserError u) {
            err.println("syncfleet: " + u.getMessage());
            err.flush();
            return u.exitCode();
        }
        LOG.debug("unexpected failure", e);
        err.println("syncfleet: unexpected error: " + e
                + " (run with -Dsyncfleet.debug or log.level: debug for details; please report it)");
        err.flush();
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
