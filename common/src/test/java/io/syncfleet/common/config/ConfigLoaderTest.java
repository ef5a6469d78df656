package io.syncfleet.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.path.RelPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void fullFileSetsEveryKey() {
        Path file = Configs.resource("full.yaml");
        Path dir = file.getParent();
        SyncfleetConfig c = ConfigLoader.load(file, null, Map.of());

        assertEquals("kafka1:9092,kafka2:9092", c.kafka().bootstrap());
        assertEquals(dir.resolve("state/kafka"), c.kafka().dataDir());
        assertEquals(19092, c.kafka().embeddedPort());
        assertEquals("fleet.test", c.kafka().topicPrefix());
        assertEquals(24, c.kafka().partitions());
        assertEquals("SASL_SSL", c.kafka().properties().get("security.protocol"));
        assertEquals("hunter2", c.kafka().properties().get("ssl.truststore.password"));
        assertEquals("5", c.kafka().properties().get("linger.ms"));
        assertEquals(5, c.kafka().properties().size());

        assertEquals(Path.of("/data/www"), c.source().baseDir());
        assertEquals(List.of(RelPath.of("template"), RelPath.of("resource/img")), c.source().paths());
        assertEquals(List.of("*.bak", ".cache/"), c.source().exclude());
        assertEquals(Duration.ofMillis(250), c.watch().delay());

        assertEquals(new RsyncConfig("/usr/local/bin/rsync", List.of("--bwlimit=10m", "--chmod=D755"),
                Duration.ofMinutes(1), 64, 8, 4, false), c.rsync());

        List<TargetConfig> targets = c.targets().staticTargets();
        assertEquals(List.of("web1", "web2", "backup.eu-1"), targets.stream().map(TargetConfig::id).toList());
        assertEquals("rsync://10.0.0.1:873/www/", targets.get(0).url().rsyncDestination());
        assertEquals("/site", targets.get(1).url().path());
        assertEquals("sync@backup1:/srv/www/", targets.get(2).url().rsyncDestination());

        assertEquals(new StatusConfig("0.0.0.0", 8080), c.status());
        assertEquals(new LogConfig(dir.getParent().resolve("logs"), "debug"), c.log());

        assertEquals(new HealthConfig(new HealthConfig.Intervals(Duration.ofSeconds(10), Duration.ofMillis(500),
                Duration.ofMinutes(1), Duration.ofSeconds(2)), 7, 4, Duration.ofMillis(1500)), c.health());
        assertEquals(new RecoveryConfig(RecoveryMode.REPLAY, Duration.ofMinutes(30)), c.recovery());
    }

    @Test
    void healthAndRecoveryValuesAreChecked() {
        List<String> problems = Configs.problems(Configs.withBaseDir("""
                health:
                  interval: {ready: 0ms, unhealthy: 3, dead: 2h}
                  unhealthyProbes: 0
                  probeTimeout: 10m
                recovery: {mode: sometimes, maxReplayAge: 0s}
                """));
        assertEquals(List.of(
                "health.interval.ready: must be between 10ms and 1h, got 0ms (line 3)",
                "health.interval.unhealthy: expected a duration like 250ms, 5s, 1m, 1h or 1d, got '3' (a unit is"
                        + " required) (line 3)",
                "health.interval.dead: must be between 10ms and 1h, got 2h (line 3)",
                "health.unhealthyProbes: must be between 1 and 100, got 0 (line 4)",
                "health.probeTimeout: must be between 10ms and 5m, got 10m (line 5)",
                "recovery.mode: expected one of auto, replay, full, got 'sometimes' (line 6)",
                "recovery.maxReplayAge: must be between 1s and 365d, got 0ms (line 6)"), problems);
    }

    @Test
    void unhealthyFatalMustNotExceedUnhealthyProbes() {
        assertEquals(List.of("health.unhealthyFatal: must not exceed health.unhealthyProbes (3), got 4 (line 2)"),
                Configs.problems(Configs.withBaseDir("health: {unhealthyProbes: 3, unhealthyFatal: 4}\n")));
        HealthConfig equal = Configs.load(Configs.withBaseDir("health: {unhealthyProbes: 3, unhealthyFatal: 3}\n")).health();
        assertEquals(3, equal.unhealthyFatal());
    }

    @Test
    void intervalIsAGroupOfKeys() {
        assertEquals(List.of(
                "health.interval: expected a map of keys (ready, unhealthy, dead, recovery), got '5s' (line 2)"),
                Configs.problems(Configs.withBaseDir("health: {interval: 5s}\n")));
        assertEquals(List.of("health.interval.redy: unknown key; did you mean health.interval.ready? (line 2)"),
                Configs.problems(Configs.withBaseDir("health: {interval: {redy: 1s}}\n")));
    }

    @Test
    void recoveryModeIsCaseInsensitive() {
        assertEquals(RecoveryMode.FULL, Configs.load(Configs.withBaseDir("recovery: {mode: FULL}\n")).recovery().mode());
    }

    @Test
    void watchBackendAndRaiseLimitsAreRead() {
        SyncfleetConfig c = Configs.load(Configs.withBaseDir("watch: {backend: INOTIFY, raiseLimits: true}\n"));
        assertEquals(WatchBackendType.INOTIFY, c.watch().backend());
        assertTrue(c.watch().raiseLimits());
        assertEquals(WatchBackendType.FANOTIFY, Configs.load(Configs.withBaseDir("watch: {backend: fanotify}\n"))
                .watch().backend());
        assertEquals(List.of("watch.backend: expected one of auto, jdk, inotify, fanotify, got 'kqueue' (line 2)",
                        "watch.raiseLimits: expected true or false, got 'yes please' (line 2)"),
                Configs.problems(Configs.withBaseDir("watch: {backend: kqueue, raiseLimits: yes please}\n")));
    }

    @Test
    void relativePathsResolveAgainstTheConfigFilesDirectory() {
        Path file = Configs.resource("minimal.yaml");
        SyncfleetConfig c = ConfigLoader.load(file, null, Map.of());
        assertEquals(file.getParent().resolve("www"), c.source().baseDir());
        assertEquals(file.getParent().resolve("data/kafka"), c.kafka().dataDir());
        assertEquals(file.getParent().resolve("logs"), c.log().dir());
        assertTrue(c.source().baseDir().isAbsolute());
    }

    @Test
    void relativePathsAreNormalized() {
        SyncfleetConfig c = Configs.load("source: {baseDir: ./a/../b/./c}\nlog: {dir: ../logs}\nkafka: {dataDir: /x/../y}\n");
        assertEquals(Path.of("/srv/conf/b/c"), c.source().baseDir());
        assertEquals(Path.of("/srv/logs"), c.log().dir());
        assertEquals(Path.of("/y"), c.kafka().dataDir());
    }

    @Test
    void tildeIsNotExpandedSilently() {
        assertEquals(List.of("source.baseDir: '~' is not expanded; write an absolute path or one relative to the"
                + " config file (line 1)"), Configs.problems("source: {baseDir: ~/www}\n"));
    }

    @Test
    void missingFileIsOneProblemNamingIt(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        assertEquals(List.of("config file " + file + " does not exist" + ConfigLoader.MISSING_HINT),
                Configs.problems(file, null, Map.of()));
    }

    @Test
    void directoryIsOneProblemNamingIt(@TempDir Path dir) {
        assertEquals(List.of("config file " + dir + " is a directory; expected a YAML file"),
                Configs.problems(dir, null, Map.of()));
    }

    @Test
    void unreadableFileIsOneProblemNamingIt(@TempDir Path dir) throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads any file");
        Path file = Files.writeString(dir.resolve("secret.yaml"), "source: {baseDir: /x}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assertEquals(List.of("config file " + file + " cannot be read: permission denied"),
                Configs.problems(file, null, Map.of()));
    }

    @Test
    void fileThatIsNotUtf8IsOneProblem(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        assertEquals(List.of("config file " + file + " is not valid UTF-8 text"), Configs.problems(file, null, Map.of()));
    }

    @Test
    void byteOrderMarkIsAccepted(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bom.yaml"), "\uFEFFsource: {baseDir: /x}\n");
        assertEquals(Path.of("/x"), ConfigLoader.load(file, null, Map.of()).source().baseDir());
    }

    @Test
    void yamlSyntaxErrorNamesFileLineAndColumn() {
        Path file = Configs.resource("bad-syntax.yaml");
        assertEquals(List.of("YAML syntax error in " + file + ": mapping values are not allowed here (line 5, column 10)"),
                Configs.problems(file, null, Map.of()));
    }

    @Test
    void otherSyntaxErrorsAreOneLineWithoutStackTraces() {
        for (String yaml : List.of("source: {baseDir: x\n", "a:\n\tb: 1\n", "a: 1\n---\nb: 2\n", "a: [1, 2\n")) {
            List<String> problems = Configs.problems(yaml);
            assertEquals(1, problems.size(), yaml);
            assertTrue(problems.get(0).startsWith("YAML syntax error in <string>: "), problems.get(0));
            assertTrue(problems.get(0).matches("(?s)[^\\n]*\\(line \\d+, column \\d+\\)"), problems.get(0));
        }
    }

    @Test
    void topLevelMustBeAMap() {
        assertEquals(List.of("<string>: expected a map of sections (kafka:, source:, ...) at the top level, got a list (line 1)"),
                Configs.problems("- kafka\n- source\n"));
    }

    @Test
    void emptyFileOnlyLacksTheBaseDir() {
        assertEquals(List.of("source.baseDir: required (the directory replicated to every target; rsync runs with -R"
                + " from here)"), Configs.problems(""));
    }

    @Test
    void unknownKeySuggestsTheClosestKnownKey() {
        assertEquals(List.of("kafka.bootstrapp: unknown key; did you mean kafka.bootstrap? (line 3)"),
                Configs.problems(Configs.withBaseDir("kafka:\n  bootstrapp: localhost:9092\n")));
    }

    @Test
    void suggestionsCoverCaseUnderscoresSwapsAndOtherSections() {
        List<String> problems = Configs.problems(Configs.withBaseDir("""
                kafka:
                  topic_prefix: x
                  baseDir: /data
                rsync: {maxprocesses: 3, maxIint: 2, timeuot: 5s}
                sttus: {listen: "127.0.0.1:1"}
                """));
        assertEquals(List.of(
                "kafka.topic_prefix: unknown key; did you mean kafka.topicPrefix? (line 3)",
                "kafka.baseDir: unknown key; did you mean source.baseDir? (line 4)",
                "rsync.maxprocesses: unknown key; did you mean rsync.maxProcesses? (line 5)",
                "rsync.maxIint: unknown key; did you mean rsync.maxInit? (line 5)",
                "rsync.timeuot: unknown key; did you mean rsync.timeout? (line 5)",
                "sttus: unknown key; did you mean status? (line 6)"), problems);
    }

    @Test
    void unknownKeyWithoutCloseMatchListsTheKnownOnes() {
        assertEquals(List.of(
                "log.colour: unknown key; known keys in log: dir, level (line 2)",
                "metrics: unknown section; known sections: kafka, source, watch, rsync, targets, health, recovery, hooks, dustbin,"
                        + " alerts, status, log (line 3)"),
                Configs.problems(Configs.withBaseDir("log: {colour: true}\nmetrics: {port: 1}\n")));
    }

    @Test
    void wrongTypesAreReportedWithPathAndLine() {
        List<String> problems = Configs.problems("""
                source:
                  baseDir: [/data]
                  paths: template
                  exclude: {a: b}
                kafka:
                  partitions: twelve
                  embeddedPort: 9192.5
                  properties: [a, b]
                watch: 20ms
                rsync:
                  extraArgs: [--a, {b: c}]
                  maxInit:
                """);
        assertEquals(List.of(
                "source.baseDir: expected a path, got a list (line 2)",
                "source.paths: expected a list of relative paths, got 'template' (write [template]) (line 3)",
                "source.exclude: expected a list of strings, got a map (line 4)",
                "kafka.partitions: expected an integer, got 'twelve' (line 6)",
                "kafka.embeddedPort: expected an integer, got '9192.5' (line 7)",
                "kafka.properties: expected a map of string to string, got a list (line 8)",
                "watch: expected a map of keys (delay, backend, raiseLimits, stateDir, checkpoint, heartbeat, settle), got '20ms' (line 9)",
                "rsync.extraArgs[1]: expected a string, got a map (line 11)",
                "rsync.maxInit: expected an integer, got nothing (line 12)"), problems);
    }

    @Test
    void nestedKafkaPropertyNeedsDottedKeys() {
        assertEquals(List.of("kafka.properties.ssl: expected a string, got a map (write dotted keys, e.g."
                + " ssl.x.y: value) (line 5)"),
                Configs.problems(Configs.withBaseDir("kafka:\n  properties:\n    ssl:\n      truststore: x\n")));
    }

    @Test
    void everyProblemIsReportedAtOnceInLineOrder() {
        List<String> problems = Configs.problems(Configs.resource("many-problems.yaml"), null, Map.of());
        assertEquals(List.of(
                "kafka.bootstrapp: unknown key; did you mean kafka.bootstrap? (line 2)",
                "kafka.partitions: expected an integer, got 'lots' (line 3)",
                "kafka.topicPrefix: 'my prefix' is not a legal Kafka topic-name prefix: use only letters, digits,"
                        + " '.', '_' and '-' (line 4)",
                "source.paths[1]: '.' or '..' segment in ../etc (line 7)",
                "source.exclude: expected a list of strings, got '*.git' (write [*.git]) (line 8)",
                "watch.delay: expected a duration like 250ms, 5s, 1m, 1h or 1d, got '20' (a unit is required) (line 10)",
                "rsync.maxProcesses: must be between 1 and 10000, got 0 (line 12)",
                "targets.static[1].url: port 99999 out of range 1-65535; " + TargetUrl.EXPECTED + " (line 16)",
                "targets.static[2].url: unsupported scheme 'ftp' in 'ftp://10.0.0.3/www'; " + TargetUrl.EXPECTED
                        + " (line 17)",
                "targets.static[3].id: duplicate target id 'web1' (first at targets.static[0], line 15) (line 18)",
                "status.listen: expected host:port, got 'localhost' (line 20)",
                "log.level: expected one of error, warn, info, debug, trace, got 'verbose' (line 22)",
                "log.colour: unknown key; known keys in log: dir, level (line 23)"), problems);
    }

    @Test
    void exceptionMessageIsEveryProblemOnePerLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> Configs.load("kafka: {partitions: 0, x: 1}\n"));
        assertEquals(3, e.problems().size());
        assertEquals(String.join("\n", e.problems().stream().map(ConfigProblem::toString).toList()), e.getMessage());
        assertEquals(0, e.getStackTrace().length, "a config problem is not a bug: no stack trace to print");
    }

    @Test
    void badTargetUrlUsesTheUrlParsersMessage() {
        assertEquals(List.of("targets.static[1].url: '10.0.0.2/www': " + TargetUrl.EXPECTED + " (line 7)"),
                Configs.problems(Configs.withBaseDir("""
                        targets:
                          static:
                            - id: web1
                              url: rsync://10.0.0.1/www
                            - id: web2
                              url: 10.0.0.2/www
                        """)));
        assertEquals(List.of("targets.static[0].url: 'rsync://host' has no module; " + TargetUrl.EXPECTED + " (line 2)"),
                Configs.problems(Configs.withBaseDir("targets: {static: [{id: a, url: 'rsync://host'}]}\n")));
    }

    @Test
    void duplicateTargetIdPointsAtBoth() {
        assertEquals(List.of("targets.static[2].id: duplicate target id 'web1' (first at targets.static[0], line 4)"
                + " (line 6)"), Configs.problems(Configs.withBaseDir("""
                targets:
                  static:
                    - {id: web1, url: "rsync://a/www"}
                    - {id: web2, url: "rsync://b/www"}
                    - {id: web1, url: "rsync://c/www"}
                """)));
    }

    @Test
    void targetEntriesAreChecked() {
        assertEquals(List.of(
                "targets.static[0].id: 'web 1' is not a valid target id: use letters, digits, '.', '_' and '-',"
                        + " start with a letter or digit, at most 100 characters (line 4)",
                "targets.static[1].url: required (line 5)",
                "targets.static[2].uri: unknown key; did you mean url? (line 6)",
                "targets.static[2].url: required (line 6)",
                "targets.static[3]: expected a map {id: ..., url: ...}, got 'rsync://d/www' (line 7)"),
                Configs.problems(Configs.withBaseDir("""
                        targets:
                          static:
                            - {id: web 1, url: "rsync://a/www"}
                            - {id: web2}
                            - {id: web3, uri: "rsync://c/www"}
                            - rsync://d/www
                        """)));
    }

    @Test
    void duplicateYamlKeyIsAProblem() {
        assertEquals(List.of("kafka.partitions: duplicate key (first at line 3) (line 4)"),
                Configs.problems(Configs.withBaseDir("kafka:\n  partitions: 3\n  partitions: 4\n")));
    }

    @Test
    void valueRulesAreChecked() {
        List<String> problems = Configs.problems("""
                source: {baseDir: /data, paths: [a, a/b, c, c], exclude: ["*.git", ""]}
                kafka: {bootstrap: "host1:9092,host2", embeddedPort: 65535, properties: {bootstrap.servers: x}}
                rsync: {timeout: 1500ms, binary: "", maxProcesses: 10, maxInit: 11, maxRecovery: 12}
                watch: {delay: 2m}
                """);
        assertEquals(List.of(
                "source.paths: 'a/b' is inside 'a'; list each tree once (line 1)",
                "source.exclude: entry [1] is empty (line 1)",
                "kafka.bootstrap: expected 'embedded' or host:port[,host:port...], got 'host1:9092,host2' (line 2)",
                "kafka.embeddedPort: must be between 1 and 65534, got 65535 (line 2)",
                "kafka.properties: 'bootstrap.servers' is set by syncfleet; remove it (kafka.bootstrap sets the"
                        + " servers) (line 2)",
                "rsync.binary: must not be empty (line 3)",
                "rsync.timeout: must be whole seconds (rsync takes seconds), got 1500ms (line 3)",
                "rsync.maxInit: must not exceed rsync.maxProcesses (10), got 11 (line 3)",
                "rsync.maxRecovery: must not exceed rsync.maxProcesses (10), got 12 (line 3)",
                "watch.delay: must be between 0ms and 1m, got 2m (line 4)"), problems);
    }

    @Test
    void kafkaPropertiesMayTuneButNotTakeWhatTheGuaranteesRestOn() {
        assertEquals(List.of(
                "kafka.properties: 'group.id' is set by syncfleet; remove it (each client gets its own) (line 2)",
                "kafka.properties: 'acks' is set by syncfleet; remove it (syncfleet's delivery guarantees rest on"
                        + " its value) (line 2)"),
                Configs.problems(Configs.withBaseDir(
                        "kafka: {properties: {compression.type: zstd, linger.ms: '5', group.id: g, acks: '1'}}\n")));
        assertEquals("zstd", Configs.load(Configs.withBaseDir(
                "kafka: {properties: {compression.type: zstd, linger.ms: '5', security.protocol: SSL}}\n"))
                .kafka().properties().get("compression.type"));
    }

    @Test
    void duplicatePathIsReportedOnce() {
        assertEquals(List.of("source.paths: 'c' is listed twice; list each tree once (line 1)"),
                Configs.problems("source: {baseDir: /data, paths: [c, c]}\n"));
    }

    @Test
    void statusPortMustNotCollideWithTheEmbeddedBroker() {
        assertEquals(List.of("status.listen: port 9193 is taken by the embedded broker (kafka.embeddedPort 9192 and"
                + " 9193) (line 2)"), Configs.problems(Configs.withBaseDir("status: {listen: '127.0.0.1:9193'}\n")));
        SyncfleetConfig external = Configs.load(Configs.withBaseDir(
                "status: {listen: '127.0.0.1:9193'}\nkafka: {bootstrap: 'k:9092'}\n"));
        assertEquals(9193, external.status().port());
    }

    @Test
    void statusPortZeroDisablesAndIpv6Works() {
        assertEquals(0, Configs.load(Configs.withBaseDir("status: {listen: '0.0.0.0:0'}\n")).status().port());
        assertEquals(new StatusConfig("[::1]", 7071), Configs.load(Configs.withBaseDir("status: {listen: '[::1]:7071'}\n")).status());
    }

    @Test
    void topicPrefixLengthIsBoundedByTheLongestTopicName() { // "requests" is the longest suffix
        String ok = "p".repeat(Validators.MAX_TOPIC_NAME - ".requests".length());
        assertEquals(ok, Configs.load(Configs.withBaseDir("kafka: {topicPrefix: " + ok + "}\n")).kafka().topicPrefix());
        List<String> problems = Configs.problems(Configs.withBaseDir("kafka: {topicPrefix: " + ok + "p}\n"));
        assertEquals(List.of("kafka.topicPrefix: is 241 characters; at most 240 fit in a topic name (line 2)"), problems);
    }

    @Test
    void logLevelIsCaseInsensitive() {
        assertEquals("warn", Configs.load(Configs.withBaseDir("log: {level: WARN}\n")).log().level());
    }

    @Test
    void mergeKeysAndRecursiveAliasesAreRejectedClearly() {
        assertEquals(List.of("kafka.<<: YAML merge keys are not supported; use profiles instead (line 4)"),
                Configs.problems(Configs.withBaseDir("defaults: &d {partitions: 3}\nkafka:\n  <<: *d\n")));
        List<String> recursive = Configs.problems("a: &x [*x]\n");
        assertEquals(1, recursive.size());
        assertTrue(recursive.get(0).contains("nested deeper than 32 levels (a recursive alias?) (line 1)"), recursive.get(0));
    }
}
