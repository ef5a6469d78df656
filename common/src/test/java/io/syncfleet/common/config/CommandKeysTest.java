package io.syncfleet.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code targets.command}, {@code targets.refresh} and {@code hooks.*}: commands written as a string or a list. */
class CommandKeysTest {

    @Test
    void defaultsAreNoCommandsAndTheRecordDefaults() {
        SyncfleetConfig c = Configs.load(Configs.withBaseDir(""));
        assertEquals(List.of(), c.targets().command());
        assertFalse(c.targets().hasCommand());
        assertEquals(Duration.ofSeconds(60), c.targets().refresh());
        assertEquals(HooksConfig.defaults(), c.hooks());
        assertFalse(c.hooks().hasStateChangeHook());
        assertEquals(new TargetsConfig(List.of()), c.targets());
    }

    @Test
    void aStringRunsThroughTheShell() {
        SyncfleetConfig c = Configs.load(Configs.withBaseDir("targets: {command: '/etc/sf/targets.sh | sort', refresh: 5m}\n"
                + "hooks: {onStateChange: 'logger -t sf \"$SYNCFLEET_TARGET\"', timeout: 3s}\n"));
        assertEquals(List.of("/bin/sh", "-c", "/etc/sf/targets.sh | sort"), c.targets().command());
        assertEquals(Duration.ofMinutes(5), c.targets().refresh());
        assertEquals(List.of("/bin/sh", "-c", "logger -t sf \"$SYNCFLEET_TARGET\""), c.hooks().onStateChange());
        assertEquals(Duration.ofSeconds(3), c.hooks().timeout());
    }

    @Test
    void aListIsArgvWithoutShell() {
        SyncfleetConfig c = Configs.load(Configs.withBaseDir("hooks:\n  onStateChange: [/usr/local/bin/lb, 'a b']\n"));
        assertEquals(List.of("/usr/local/bin/lb", "a b"), c.hooks().onStateChange());
        assertTrue(c.hooks().hasStateChangeHook());
    }

    @Test
    void emptyOrNothingMeansNone() {
        assertEquals(List.of(), Configs.load(Configs.withBaseDir("targets: {command: ''}\n")).targets().command());
        assertEquals(List.of(), Configs.load(Configs.withBaseDir("targets: {command: }\n")).targets().command());
        assertEquals(List.of(), Configs.load(Configs.withBaseDir("hooks: {onStateChange: []}\n")).hooks().onStateChange());
    }

    @Test
    void environmentGivesAShellCommand() {
        SyncfleetConfig c = Configs.load(Configs.withBaseDir(""), Map.of("SYNCFLEET_TARGETS_COMMAND", "cat /etc/fleet",
                "SYNCFLEET_HOOKS_ON_STATE_CHANGE", "/bin/hook x"));
        assertEquals(List.of("/bin/sh", "-c", "cat /etc/fleet"), c.targets().command());
        assertEquals(List.of("/bin/sh", "-c", "/bin/hook x"), c.hooks().onStateChange());
    }

    @Test
    void badValuesAreReportedWithPathAndLine() {
        assertEquals(List.of("targets.command: expected a command (a string, or a list of arguments), got a map (line 3)"),
                Configs.problems(Configs.withBaseDir("targets:\n  command: {a: b}\n")));
        assertEquals(List.of("hooks.onStateChange[1]: expected a string, got a list (line 3)"),
                Configs.problems(Configs.withBaseDir("hooks:\n  onStateChange: [x, [y]]\n")));
        assertEquals(List.of("hooks.onStateChange[0]: the program to run must not be empty (line 3)"),
                Configs.problems(Configs.withBaseDir("hooks:\n  onStateChange: ['', y]\n")));
        assertEquals(List.of("targets.refresh: must be between 1s and 1d, got 10ms (line 2)"),
                Configs.problems(Configs.withBaseDir("targets: {refresh: 10ms}\n")));
        assertEquals(List.of("hooks.timeout: must be between 100ms and 1h, got 2h (line 2)"),
                Configs.problems(Configs.withBaseDir("hooks: {timeout: 2h}\n")));
    }

    @Test
    void printedCommandsLoadBackToTheSameArgv() {
        SyncfleetConfig c = Configs.load(Configs.withBaseDir("targets: {command: 'list-targets --prod'}\n"
                + "hooks: {onStateChange: [/bin/hook, --quiet]}\n"));
        String yaml = ConfigPrinter.effectiveYaml(c);
        assertTrue(yaml.contains("  command: list-targets --prod\n"), yaml);
        assertTrue(yaml.contains("  onStateChange:\n    - /bin/hook\n    - --quiet\n"), yaml);
        SyncfleetConfig again = ConfigLoader.loadString(yaml, Path.of("/elsewhere"), null, Map.of());
        assertEquals(c.targets(), again.targets());
        assertEquals(c.hooks(), again.hooks());
    }

    @Test
    void afterSyncHooksAndDustbinKeys() {
        SyncfleetConfig c = Configs.load(Configs.withBaseDir("hooks:\n  afterSync: '/usr/local/bin/purge --cdn'\n"
                + "  afterSyncPerTarget: [/bin/notify, x]\ndustbin: {retryInterval: 200ms, maxAttempts: 3}\n"));
        assertEquals(List.of("/bin/sh", "-c", "/usr/local/bin/purge --cdn"), c.hooks().afterSync());
        assertEquals(List.of("/bin/notify", "x"), c.hooks().afterSyncPerTarget());
        assertTrue(c.hooks().hasAfterSyncHook());
        assertEquals(new DustbinConfig(Duration.ofMillis(200), 3), c.dustbin());
        assertEquals(List.of("dustbin.maxAttempts: must be between 1 and 1000, got 0 (line 3)"),
                Configs.problems(Configs.withBaseDir("dustbin:\n  maxAttempts: 0\n")));
    }
}
