package io.syncfleet.common.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test helpers: sample files under src/test/resources/config and short ways to load YAML text. */
final class Configs {

    /** Directory relative paths resolve against in {@link #load(String)}. */
    static final Path BASE = Path.of("/srv/conf");

    private Configs() {
    }

    static Path resource(String name) {
        URL url = Configs.class.getResource("/config/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource config/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static SyncfleetConfig load(String yaml) {
        return ConfigLoader.loadString(yaml, BASE, null, Map.of());
    }

    static SyncfleetConfig load(String yaml, Map<String, String> env) {
        return ConfigLoader.loadString(yaml, BASE, null, env);
    }

    /** The problems loading must report, as printed; fails if loading succeeds. */
    static List<String> problems(String yaml) {
        return problems(yaml, null, Map.of());
    }

    static List<String> problems(String yaml, String profile, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.loadString(yaml, BASE, profile, env));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    static List<String> problems(Path file, String profile, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, profile, env));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    /** A valid file's text with one more section appended. */
    static String withBaseDir(String yaml) {
        return "source: {baseDir: /data/www}\n" + yaml;
    }
}
