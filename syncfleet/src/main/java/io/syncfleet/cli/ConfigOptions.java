package io.syncfleet.cli;

import io.syncfleet.app.UserError;
import io.syncfleet.common.config.ConfigException;
import io.syncfleet.common.config.ConfigLoader;
import io.syncfleet.common.config.ConfigProblem;
import io.syncfleet.common.config.SyncfleetConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --env}, shared by every command that reads the config. */
public final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file (default: $SYNCFLEET_CONFIG, else ./syncfleet.yml).")
    Path config;

    @Option(names = {"-e", "--env"}, paramLabel = "PROFILE",
            description = "Profile from the config's 'profiles' map to merge over the base, e.g. prod.")
    String env;

    public Path file() {
        if (config != null) {
            return config;
        }
        String fromEnv = System.getenv("SYNCFLEET_CONFIG");
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "syncfleet.yml");
    }

    /** Loads and validates; every problem becomes one line of a {@link UserError}. */
    public SyncfleetConfig load() {
        try {
            return ConfigLoader.load(file(), env, System.getenv());
        } catch (ConfigException e) {
            StringBuilder sb = new StringBuilder();
            int n = e.problems().size();
            sb.append(file()).append(": ").append(n).append(n == 1 ? " problem" : " problems");
            for (ConfigProblem p : e.problems()) {
                sb.append("\n  ").append(p);
            }
            throw new UserError(sb.toString());
        }
    }
}
