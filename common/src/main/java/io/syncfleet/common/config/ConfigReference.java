package io.syncfleet.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The config reference in Markdown, generated from the key definitions. {@code docs/config-reference.md}
 * is this output; a test fails when the two differ.
 */
public final class ConfigReference {

    /** How to rewrite docs/config-reference.md after changing a definition. */
    public static final String REGENERATE =
            "mvn -B -o -pl common test -Dtest=ConfigReferenceTest -Dsyncfleet.regenerateDocs=true";

    private ConfigReference() {
    }

    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n");
        md.append("<!-- Generated from the key definitions in io.syncfleet.common.config.ConfigKeys."
                + " Do not edit by hand; regenerate with:\n     ").append(REGENERATE).append(" -->\n\n");
        md.append("""
                syncfleet reads one YAML file (`--config F`). Every key has a default except `source.baseDir`.
                `bin/syncfleet check-config --config F [--env E]` prints the effective config (secrets masked),
                or every problem with its key path and line.

                - **Unknown keys are errors**, with the closest known key suggested: a typo never passes silently.
                - **Durations** are a whole number and a unit: `250ms`, `5s`, `1m`, `1h`, `1d`.
                - **Relative paths** (`kafka.dataDir`, `source.baseDir`, `log.dir`) resolve against the directory
                  of the config file, not the current directory; the loaded paths are absolute and normalized.
                - **Profiles**: a top-level `profiles: {prod: {...}, dev: {...}}`; `--env prod` deep-merges
                  `profiles.prod` over the rest of the file. Maps merge key by key; lists and scalars replace.
                - **Environment overrides**, applied after the profile: `SYNCFLEET_<SECTION>_<KEY>` sets any key
                  marked below. Names match case-insensitively and underscores inside a name are optional:
                  `SYNCFLEET_KAFKA_TOPIC_PREFIX` and `SYNCFLEET_KAFKA_TOPICPREFIX` both set `kafka.topicPrefix`.
                  Lists of strings are comma-separated. Variables that match no key are ignored;
                  `SYNCFLEET_HOME` and `SYNCFLEET_CONFIG` belong to the launcher.

                """);
        for (ConfigSection section : ConfigSchema.SYNCFLEET.sections()) {
            md.append("## `").append(section.name()).append("`\n\n").append(section.doc()).append("\n\n");
            md.append("| Key | Type | Default | Environment variable | Description |\n");
            md.append("|-----|------|---------|----------------------|-------------|\n");
            for (ConfigField<?> f : section.fields()) {
                md.append("| `").append(f.key()).append("` | ").append(cell(f.type().name()))
                        .append(" | ").append(defaultCell(f))
                        .append(" | ").append(envCell(f))
                        .append(" | ").append(cell(description(f))).append(" |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String description(ConfigField<?> f) {
        List<String> allowed = new ArrayList<>();
        for (Validator<?> v : f.validators()) {
            allowed.add(v.description());
        }
        return allowed.isEmpty() ? f.doc() : f.doc() + " Allowed: " + String.join("; ", allowed) + ".";
    }

    private static String defaultCell(ConfigField<?> f) {
        if (f.isRequired()) {
            return "**required**";
        }
        return f.defaultText() == null ? "(none)" : "`" + cell(f.defaultText()) + "`";
    }

    private static String envCell(ConfigField<?> f) {
        return switch (f.type().shape()) {
            case SCALAR -> "`" + f.envVar() + "`";
            case SCALAR_LIST -> "`" + f.envVar() + "` (comma-separated)";
            case STRUCTURED -> "file only";
        };
    }

    private static String cell(String text) {
        return text.lines().collect(Collectors.joining(" ")).replace("|", "\\|");
    }
}
