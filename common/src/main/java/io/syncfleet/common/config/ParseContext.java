package io.syncfleet.common.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** State of one load: the directory relative paths resolve against, and the problems found so far. */
public final class ParseContext {

    private final Path baseDir;
    private final List<ConfigProblem> problems = new ArrayList<>();

    /** @param baseDir directory of the config file; made absolute and normalized */
    public ParseContext(Path baseDir) {
        this.baseDir = baseDir.toAbsolutePath().normalize();
    }

    public Path baseDir() {
        return baseDir;
    }

    public void problem(String path, String message, String where) {
        problems.add(new ConfigProblem(path, message, where));
    }

    public List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    public int problemCount() {
        return problems.size();
    }
}
