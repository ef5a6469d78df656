package io.syncfleet.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code status.allowActions} and the secret {@code status.token}. */
class StatusKeysTest {

    @Test
    void actionsAreOffAndNeedNoTokenByDefault() {
        StatusConfig s = Configs.load(Configs.withBaseDir("")).status();
        assertFalse(s.allowActions());
        assertEquals("", s.token());
    }

    @Test
    void tokenLoadsFromFileOrEnvironmentAndIsMaskedWhenPrinted() {
        SyncfleetConfig c = Configs.load(Configs.withBaseDir("status: {allowActions: true, token: s3cr3t-tok}\n"));
        assertTrue(c.status().allowActions());
        assertEquals("s3cr3t-tok", c.status().token());
        String yaml = ConfigPrinter.effectiveYaml(c);
        assertFalse(yaml.contains("s3cr3t-tok"), yaml);
        assertTrue(yaml.contains("  token: '" + Secrets.MASK + "'\n"), yaml);
        assertFalse(c.status().toString().contains("s3cr3t-tok"));
        SyncfleetConfig fromEnv = Configs.load(Configs.withBaseDir(""), Map.of("SYNCFLEET_STATUS_TOKEN", "from-env"));
        assertEquals("from-env", fromEnv.status().token());
    }

    @Test
    void aBadBooleanNamesItsKey() {
        List<String> problems = Configs.problems(Configs.withBaseDir("status: {allowActions: maybe}\n"));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("status.allowActions")), problems::toString);
    }
}
