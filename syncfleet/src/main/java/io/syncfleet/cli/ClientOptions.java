package io.syncfleet.cli;

import io.syncfleet.app.LoggingSetup;
import io.syncfleet.common.config.SyncfleetConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the commands that read the config, do one thing and answer the user share (status, trace, replay, targets,
 * dustbin, push, test-alert, check-config): {@code --config} and {@code --env}, the config loaded with logging kept
 * to warnings, and the command's user output. Commands that run the fleet (run, broker) log instead and use
 * {@link ConfigOptions} alone.
 */
final class ClientOptions {

    @Mixin
    ConfigOptions config;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Logging to warnings only, then the config; every config problem becomes one line of a user error. */
    SyncfleetConfig load() {
        LoggingSetup.quiet();
        return config.load();
    }

    /** The config file that {@link #load} reads, for messages that tell the user what to edit. */
    Path file() {
        return config.file();
    }

    /** The command's user output (picocli's out writer). */
    PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** Prints one line of user output. */
    void say(String line) {
        PrintWriter out = out();
        out.println(line);
        out.flush();
    }
}
