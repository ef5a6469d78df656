package io.syncfleet.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/config-reference.md must be exactly what {@link ConfigReference} generates. After changing a key
 * definition, regenerate it with {@link ConfigReference#REGENERATE}.
 */
class ConfigReferenceTest {

    private static final String REGENERATE_PROPERTY = "syncfleet.regenerateDocs";

    @Test
    void committedReferenceMatchesTheDefinitions() throws IOException {
        Path doc = docFile();
        String generated = ConfigReference.markdown();
        if (Boolean.getBoolean(REGENERATE_PROPERTY)) {
            Files.writeString(doc, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        assertEquals(generated, committed, doc + " is out of date with ConfigKeys; regenerate it with: "
                + ConfigReference.REGENERATE);
    }

    @Test
    void referenceNamesEveryKeyWithItsDefaultAndVariable() {
        String md = ConfigReference.markdown();
        for (ConfigSection s : ConfigSchema.SYNCFLEET.sections()) {
            assertTrue(md.contains("## `" + s.name() + "`"), s.name());
        }
        for (ConfigField<?> f : ConfigSchema.SYNCFLEET.fields()) {
            assertTrue(md.contains("| `" + f.key() + "` | "), f.key());
            if (f.defaultText() != null) {
                assertTrue(md.contains("`" + f.defaultText().replace("|", "\\|") + "`"), f.key());
            }
        }
        assertTrue(md.contains("`SYNCFLEET_KAFKA_TOPIC_PREFIX`"));
        assertTrue(md.contains("| `source.baseDir` | path | **required** |"));
    }

    /** The module directory is the working directory of surefire; docs/ is beside the modules. */
    private static Path docFile() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return module.toAbsolutePath().normalize().resolveSibling("docs").resolve("config-reference.md");
    }
}
