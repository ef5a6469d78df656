package io.syncfleet.common.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The config could not be loaded. Carries every problem found, not just the first; {@link #getMessage()}
 * lists them one per line, ready to print. Unchecked, so callers in lambdas need no ceremony; the CLI
 * catches it at the top and prints the message without a stack trace.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")), null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
