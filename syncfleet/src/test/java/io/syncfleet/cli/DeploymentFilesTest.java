package io.syncfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.syncfleet.common.config.ConfigLoader;
import io.syncfleet.common.config.SyncfleetConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The files shipped for installs: the example config, the systemd unit and the compose stack's config. */
class DeploymentFilesTest {

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path EXAMPLE = REPO.resolve("deploy/etc/syncfleet.yml");
    private static final Path UNIT = REPO.resolve("deploy/systemd/syncfleet.service");

    @Test
    void theExampleConfigPassesCheckConfigInEveryProfile() {
        for (String[] env : new String[][] {{}, {"--env", "prod"}}) {
            String[] args = new String[2 + env.length + 1];
            args[0] = "check-config";
            args[1] = "--config";
            args[2] = EXAMPLE.toString();
            System.arraycopy(env, 0, args, 3, env.length);
            CliTest.Result r = CliTest.run(args);
            assertEquals(0, r.code(), r.err());
        }
        CliTest.Result docker = CliTest.run("check-config", "--config", REPO.resolve("docker/syncfleet.yml").toString());
        assertEquals(0, docker.code(), docker.err());
    }

    @Test
    void theUnitReloadsWithSighupAndOwnsTheExamplesDirectories() throws Exception {
        String unit = Files.readString(UNIT);
        assertTrue(unit.contains("\nExecReload=/bin/kill -HUP $MAINPID\n"), unit);
        assertTrue(unit.contains("run --config /etc/syncfleet/syncfleet.yml\n"), unit);
        assertTrue(unit.contains("\nStateDirectory=syncfleet\n") && unit.contains("\nLogsDirectory=syncfleet\n"), unit);
        SyncfleetConfig c = ConfigLoader.load(EXAMPLE, null, Map.of());
        Path state = Path.of("/var/lib/syncfleet");
        assertTrue(c.watch().stateDir().startsWith(state), "watch.stateDir in StateDirectory: " + c.watch().stateDir());
        assertTrue(c.kafka().dataDir().startsWith(state), "kafka.dataDir in StateDirectory: " + c.kafka().dataDir());
        assertTrue(c.log().dir().startsWith(Path.of("/var/log/syncfleet")), "log.dir in LogsDirectory: " + c.log().dir());
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed here");
        Process p = new ProcessBuilder(analyze.toString(), "verify", UNIT.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertFalse(out.contains("Unknown") || out.contains("Invalid") || out.contains("Failed")
                || out.contains("not executable"), out);
    }

    @Test
    void theComposeStackIsValidAndScalesTheWorkers() throws Exception {
        Path compose = Path.of("/usr/bin/docker-compose");
        assumeTrue(Files.isExecutable(compose), "docker-compose (Debian's v1, validates without an engine) is not"
                + " installed here");
        Process p = new ProcessBuilder(compose.toString(), "-f", REPO.resolve("docker-compose.yml").toString(), "config")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^  sync-worker:\\n((?:^    .*\\n)*)")
                .matcher(out);
        assertTrue(m.find(), out);
        String worker = m.group(1);
        assertTrue(worker.matches("(?s).*\n    deploy:\n      replicas: \\d+.*"), worker);
        assertTrue(worker.contains("--roles") && worker.contains("worker"), worker);
    }
}
