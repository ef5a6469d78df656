package io.syncfleet.common.config;

import java.util.Objects;

/**
 * One thing wrong with a config: the full key path, what is wrong, and where the value came from.
 *
 * @param path full key path such as {@code targets.static[2].url}; empty for a problem with the file itself
 * @param message what is wrong, in words a user can act on (never a stack trace)
 * @param where {@code line 14}, {@code line 3, column 7}, {@code from env SYNCFLEET_KAFKA_BOOTSTRAP}, or null
 */
public record ConfigProblem(String path, String message, String where) {

    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code targets.static[2].url: expected ... (line 14)}. */
    @Override
    public String toString() {
        String head = path.isEmpty() ? message : path + ": " + message;
        return where == null ? head : head + " (" + where + ")";
    }
}
