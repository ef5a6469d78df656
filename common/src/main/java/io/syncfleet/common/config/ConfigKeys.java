package io.syncfleet.common.config;

import io.syncfleet.common.path.RelPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every config key, each defined once with its type, default, validators and doc. The loader, the
 * printer and the reference docs ({@code docs/config-reference.md}) all work from these definitions.
 *
 * <p>To add a section (alerts, hooks...): define its keys here, add a {@link ConfigSection}
 * to {@link #SECTIONS}, add its record to {@link SyncfleetConfig} and one line to
 * {@link ConfigAssembler}, then regenerate the reference docs. Unknown-key checks, typo suggestions,
 * profiles, environment overrides and printing then work for it with no further code.
 */
public final class ConfigKeys {

    private static final String RELATIVE = " A relative path resolves against the directory of the config file;"
            + " the loaded value is absolute and normalized.";

    // ---- kafka ----
    public static final ConfigField<String> KAFKA_BOOTSTRAP = ConfigField.define("kafka.bootstrap", FieldTypes.STRING)
            .withDefault(KafkaConfig.EMBEDDED)
            .validatedBy(Validators.bootstrap())
            .readFrom(c -> c.kafka().bootstrap())
            .withDoc("`embedded` starts a single-node KRaft broker inside syncfleet; otherwise the"
                    + " host:port[,host:port...] of an external Kafka cluster.");

    public static final ConfigField<Path> KAFKA_DATA_DIR = ConfigField.define("kafka.dataDir", FieldTypes.PATH)
            .withDefault("./data/kafka")
            .readFrom(c -> c.kafka().dataDir())
            .withDoc("The embedded broker's log directory, kept across restarts." + RELATIVE);

    public static final ConfigField<Integer> KAFKA_EMBEDDED_PORT = ConfigField.define("kafka.embeddedPort", FieldTypes.INT)
            .withDefault(9192)
            .validatedBy(Validators.between(1, 65534))
            .readFrom(c -> c.kafka().embeddedPort())
            .withDoc("Client port of the embedded broker on 127.0.0.1; its controller uses the next port.");

    public static final ConfigField<String> KAFKA_TOPIC_PREFIX = ConfigField.define("kafka.topicPrefix", FieldTypes.STRING)
            .withDefault("syncfleet")
            .validatedBy(Validators.topicPrefix())
            .readFrom(c -> c.kafka().topicPrefix())
            .withDoc("Prefix of every topic (`<prefix>.changes`, ...) and consumer group (`<prefix>.target.<id>`).");

    public static final ConfigField<Integer> KAFKA_PARTITIONS = ConfigField.define("kafka.partitions", FieldTypes.INT)
            .withDefault(12)
            .validatedBy(Validators.between(1, 1000))
            .readFrom(c -> c.kafka().partitions())
            .withDoc("Partitions of the `changes` and `reports` topics when syncfleet creates them.");

    public static final ConfigField<Map<String, String>> KAFKA_PROPERTIES =
            ConfigField.define("kafka.properties", FieldTypes.STRING_MAP)
            .withDefault(Map.of())
            .validatedBy(Validators.withoutKeys("kafka.bootstrap sets the servers", "bootstrap.servers"))
            .validatedBy(Validators.withoutKeys("each client gets its own", "client.id", "group.id"))
            .validatedBy(Validators.withoutKeys("syncfleet's delivery guarantees rest on its value",
                    "acks", "enable.idempotence", "enable.auto.commit", "isolation.level", "auto.offset.reset"))
            .readFrom(c -> c.kafka().properties())
            .maskedBy(Secrets::maskEntries)
            .withDoc("Passed to every Kafka client (security.protocol, sasl.*, ssl.*). Tuning keys override"
                    + " syncfleet's own choices (linger.ms, compression.type, max.poll.records and the like). Write"
                    + " dotted keys as one key: `sasl.mechanism: PLAIN`. Values of keys naming a password, secret,"
                    + " token or JAAS config are masked when the config is printed.");

    // ---- source ----
    public static final ConfigField<Path> SOURCE_BASE_DIR = ConfigField.define("source.baseDir", FieldTypes.PATH)
            .required()
            .readFrom(c -> c.source().baseDir())
            .withDoc("The directory replicated to every target; rsync runs with -R from here." + RELATIVE);

    public static final ConfigField<List<RelPath>> SOURCE_PATHS = ConfigField.define("source.paths", FieldTypes.REL_PATH_LIST)
            .withDefault(List.of("."))
            .validatedBy(Validators.notEmptyList("'.' means the whole baseDir"))
            .validatedBy(Validators.noNestedPaths())
            .readFrom(c -> c.source().paths())
            .withDoc("Trees below baseDir to watch and sync, relative to it (no leading '/', no '..');"
                    + " `.` means the whole baseDir.");

    public static final ConfigField<List<String>> SOURCE_EXCLUDE = ConfigField.define("source.exclude", FieldTypes.STRING_LIST)
            .withDefault(List.of("*.git", "*.svn", "*.tmp", ".~tmp~/"))
            .validatedBy(Validators.noBlankEntries())
            .readFrom(c -> c.source().exclude())
            .withDoc("rsync-style exclude patterns: neither watched nor synced.");

    // ---- watch ----
    public static final ConfigField<Duration> WATCH_DELAY = ConfigField.define("watch.delay", FieldTypes.DURATION)
            .withDefault("20ms")
            .validatedBy(Validators.durationBetween(Duration.ZERO, Duration.ofMinutes(1)))
            .readFrom(c -> c.watch().delay())
            .withDoc("Coalescing window: changes seen within it are published as one batch.");

    public static final ConfigField<WatchBackendType> WATCH_BACKEND = ConfigField.define("watch.backend",
                    FieldTypes.enumOf(WatchBackendType.class))
            .withDefault("auto")
            .readFrom(c -> c.watch().backend())
            .withDoc("How the watcher learns about changes. `inotify` uses Linux inotify through JNA: it walks"
                    + " the tree on several threads and registers as it walks, and reports a written file once,"
                    + " when it is closed (a file still being written is not pushed half-done). `jdk` uses the"
                    + " portable JDK WatchService, which is several times slower to set up on big trees and"
                    + " reports every write. `fanotify` marks the whole file system once (Linux 5.9+, root or"
                    + " CAP_SYS_ADMIN): ready in about a second whatever the tree's size, no per-directory limit,"
                    + " events filtered to source.paths. `auto` picks fanotify where it works, else inotify where"
                    + " JNA loads and inotify works, else jdk; the watcher logs its choice and why.");

    public static final ConfigField<Boolean> WATCH_RAISE_LIMITS = ConfigField.define("watch.raiseLimits",
                    FieldTypes.BOOLEAN)
            .withDefault(false)
            .readFrom(c -> c.watch().raiseLimits())
            .withDoc("With the inotify backend and root: raise fs.inotify.max_user_watches when the tree needs"
                    + " more watches than it allows, and fs.inotify.max_queued_events to 1048576 if it is lower,"
                    + " and log what was changed. Otherwise a tree that does not fit stops the watcher with the"
                    + " exact `sysctl` command to run.");

    public static final ConfigField<Path> WATCH_STATE_DIR = ConfigField.define("watch.stateDir", FieldTypes.PATH)
            .withDefault("./data/watch")
            .readFrom(c -> c.watch().stateDir())
            .withDoc("Where the watcher keeps its manifest of the tree (path, type, size, mtime, ctime, mode of"
                    + " every entry; gzip, about 5-20 bytes per entry). At start the watcher walks the tree,"
                    + " compares it with the manifest and publishes only what changed while it was down,"
                    + " deletions included; without a manifest it publishes a RESCAN of every root at once and"
                    + " walks for its first manifest afterwards (a node then starts its watcher before its"
                    + " worker, so that new targets' first full syncs cover that RESCAN). Needs the inotify"
                    + " backend; one directory per watcher." + RELATIVE);

    public static final ConfigField<Duration> WATCH_CHECKPOINT = ConfigField.define("watch.checkpoint",
                    FieldTypes.DURATION)
            .withDefault("10m")
            .validatedBy(Validators.durationBetween(Duration.ofSeconds(1), Duration.ofDays(1)))
            .readFrom(c -> c.watch().checkpoint())
            .withDoc("How often a running watcher walks the tree and rewrites its manifest (also at start and at"
                    + " a clean stop). After a crash, what changed since the last checkpoint is published again;"
                    + " each checkpoint costs one stat per entry.");

    public static final ConfigField<Duration> WATCH_HEARTBEAT = ConfigField.define("watch.heartbeat",
                    FieldTypes.DURATION)
            .withDefault("5s")
            .validatedBy(Validators.durationBetween(Duration.ZERO, Duration.ofHours(1)))
            .readFrom(c -> c.watch().heartbeat())
            .withDoc("How often the watcher publishes a heartbeat into every partition of `changes`, so an idle"
                    + " pipeline still shows it is alive; workers commit past heartbeats without running rsync."
                    + " `0s` publishes none.");

    public static final ConfigField<Duration> WATCH_SETTLE = ConfigField.define("watch.settle", FieldTypes.DURATION)
            .withDefault("0s")
            .validatedBy(Validators.durationBetween(Duration.ZERO, Duration.ofHours(1)))
            .readFrom(c -> c.watch().settle())
            .withDoc("Quiet period: a changed path is held until it has had no events for this long, then"
                    + " coalesced as usual; for big files written slowly. Rescans are never held. `0s` holds"
                    + " nothing.");

    // ---- rsync ----
    public static final ConfigField<String> RSYNC_BINARY = ConfigField.define("rsync.binary", FieldTypes.STRING)
            .withDefault("rsync")
            .validatedBy(Validators.notBlank())
            .readFrom(c -> c.rsync().binary())
            .withDoc("The rsync executable: a name looked up on PATH, or an absolute path.");

    public static final ConfigField<List<String>> RSYNC_EXTRA_ARGS = ConfigField.define("rsync.extraArgs", FieldTypes.STRING_LIST)
            .withDefault(List.of())
            .validatedBy(Validators.noBlankEntries())
            .readFrom(c -> c.rsync().extraArgs())
            .withDoc("Extra arguments appended to every rsync command line, e.g. `[--bwlimit=10m]`.");

    public static final ConfigField<Duration> RSYNC_TIMEOUT = ConfigField.define("rsync.timeout", FieldTypes.DURATION)
            .withDefault("10s")
            .validatedBy(Validators.durationBetween(Duration.ofSeconds(1), Duration.ofHours(1)))
            .validatedBy(Validators.wholeSeconds())
            .readFrom(c -> c.rsync().timeout())
            .withDoc("rsync's I/O timeout (`--timeout`); also bounds the connect."
                    + " Only a timeout ends a push to a frozen target.");

    public static final ConfigField<Integer> RSYNC_MAX_PROCESSES = ConfigField.define("rsync.maxProcesses", FieldTypes.INT)
            .withDefault(160)
            .validatedBy(Validators.between(1, 10_000))
            .readFrom(c -> c.rsync().maxProcesses())
            .withDoc("rsync processes running at once, per worker.");

    public static final ConfigField<Integer> RSYNC_MAX_INIT = ConfigField.define("rsync.maxInit", FieldTypes.INT)
            .withDefault(12)
            .validatedBy(Validators.between(1, 10_000))
            .readFrom(c -> c.rsync().maxInit())
            .withDoc("Initial full syncs running at once, per worker; at most rsync.maxProcesses.");

    public static final ConfigField<Integer> RSYNC_MAX_RECOVERY = ConfigField.define("rsync.maxRecovery", FieldTypes.INT)
            .withDefault(6)
            .validatedBy(Validators.between(1, 10_000))
            .readFrom(c -> c.rsync().maxRecovery())
            .withDoc("Recovery full syncs running at once, per worker; at most rsync.maxProcesses.");

    public static final ConfigField<Boolean> RSYNC_LAUNCHER = ConfigField.define("rsync.launcher", FieldTypes.BOOLEAN)
            .withDefault(true)
            .readFrom(c -> c.rsync().launcher())
            .withDoc("Start rsync from a small launcher process (a second JVM, about 40 MB) instead of the worker's"
                    + " JVM. Java closes every inherited file descriptor in each new child, and the worker's JVM"
                    + " holds hundreds (Kafka connections per target; with the embedded broker its sockets and"
                    + " log files): measured, one change to 50 targets reached all of them in 254 ms this way"
                    + " against 352 ms. When the launcher cannot start or dies, rsync runs from the worker's JVM"
                    + " and the launcher is tried again a minute later. `false`: always from the worker's JVM.");

    // ---- targets ----
    public static final ConfigField<List<TargetConfig>> TARGETS_STATIC = ConfigField.define("targets.static", new TargetListType())
            .withDefault(List.of())
            .readFrom(c -> c.targets().staticTargets())
            .withDoc("The fixed fleet: `- {id: web1, url: \"rsync://10.0.0.1:873/www\"}`. `id`: letters, digits,"
                    + " '.', '_', '-', unique. `url`: an rsync daemon module `rsync://host[:port]/module[/path]`"
                    + " (port 873 by default), or `[user@]host:/path` for rsync over ssh.");

    public static final ConfigField<List<String>> TARGETS_COMMAND = ConfigField.define("targets.command", FieldTypes.COMMAND)
            .withDefault(List.of())
            .readFrom(c -> c.targets().command())
            .withDoc("A script that prints the rest of the fleet, one `id url` per line (blank lines and lines"
                    + " starting with '#' are skipped); empty for none. It runs every targets.refresh and its output"
                    + " is the whole set of script-managed targets: a new id is added (a full sync first, then live"
                    + " sync), a missing one is removed, a changed url is updated. Bad lines are logged with their"
                    + " line number and skipped; a target whose line is bad is left as it is. If the script fails"
                    + " (non-zero exit, or still running after targets.refresh), prints no target while it manages"
                    + " some, nothing changes. targets.static wins over a script line with the same id.");

    public static final ConfigField<Duration> TARGETS_REFRESH = ConfigField.define("targets.refresh", FieldTypes.DURATION)
            .withDefault("60s")
            .validatedBy(Validators.durationBetween(Duration.ofSeconds(1), Duration.ofDays(1)))
            .readFrom(c -> c.targets().refresh())
            .withDoc("How often targets.command runs; a run still going after this long is killed and counts as"
                    + " failed.");

    // ---- health ----
    private static final Validator<Duration> PROBE_INTERVAL =
            Validators.durationBetween(Duration.ofMillis(10), Duration.ofHours(1));

    public static final ConfigField<Duration> HEALTH_INTERVAL_READY = ConfigField.define("health.interval.ready",
                    FieldTypes.DURATION)
            .withDefault("5s")
            .validatedBy(PROBE_INTERVAL)
            .readFrom(c -> c.health().interval().ready())
            .withDoc("Time between probes of a ready target. A live sync that reaches the target counts as a"
                    + " probe, so a target that keeps getting changes is probed only after an idle interval. A"
                    + " worker that finds the target down moves it to unhealthy at once, without waiting for the"
                    + " next probe.");

    public static final ConfigField<Duration> HEALTH_INTERVAL_UNHEALTHY = ConfigField.define("health.interval.unhealthy",
                    FieldTypes.DURATION)
            .withDefault("3s")
            .validatedBy(PROBE_INTERVAL)
            .readFrom(c -> c.health().interval().unhealthy())
            .withDoc("Time between the probes of an unhealthy round; the first probe of a round runs at once.");

    public static final ConfigField<Duration> HEALTH_INTERVAL_DEAD = ConfigField.define("health.interval.dead",
                    FieldTypes.DURATION)
            .withDefault("3s")
            .validatedBy(PROBE_INTERVAL)
            .readFrom(c -> c.health().interval().dead())
            .withDoc("Time between probes of a dead target; one successful probe starts a new unhealthy round.");

    public static final ConfigField<Duration> HEALTH_INTERVAL_RECOVERY = ConfigField.define("health.interval.recovery",
                    FieldTypes.DURATION)
            .withDefault("3s")
            .validatedBy(PROBE_INTERVAL)
            .readFrom(c -> c.health().interval().recovery())
            .withDoc("Time between probes of a target that is catching up; a failed probe sends it back to"
                    + " unhealthy.");

    public static final ConfigField<Integer> HEALTH_UNHEALTHY_PROBES = ConfigField.define("health.unhealthyProbes",
                    FieldTypes.INT)
            .withDefault(5)
            .validatedBy(Validators.between(1, 100))
            .readFrom(c -> c.health().unhealthyProbes())
            .withDoc("Probes in one unhealthy round. The round ends as soon as its outcome is certain: dead after"
                    + " health.unhealthyFatal failures, recovery once that many failures can no longer be reached.");

    public static final ConfigField<Integer> HEALTH_UNHEALTHY_FATAL = ConfigField.define("health.unhealthyFatal",
                    FieldTypes.INT)
            .withDefault(3)
            .validatedBy(Validators.between(1, 100))
            .readFrom(c -> c.health().unhealthyFatal())
            .withDoc("Failed probes in one unhealthy round that make a target dead; at most"
                    + " health.unhealthyProbes.");

    public static final ConfigField<Duration> HEALTH_PROBE_TIMEOUT = ConfigField.define("health.probeTimeout",
                    FieldTypes.DURATION)
            .withDefault("2s")
            .validatedBy(Validators.durationBetween(Duration.ofMillis(10), Duration.ofMinutes(5)))
            .readFrom(c -> c.health().probeTimeout())
            .withDoc("How long one probe may take. An rsync:// target must accept the connection and send its"
                    + " `@RSYNCD:` greeting within it (a frozen daemon accepts but never greets); an ssh target"
                    + " gets `ssh -o BatchMode=yes -o ConnectTimeout=<this in whole seconds, rounded up> host true`, which"
                    + " must exit 0 within twice this (connect, then log in).");

    // ---- recovery ----
    public static final ConfigField<RecoveryMode> RECOVERY_MODE = ConfigField.define("recovery.mode",
                    FieldTypes.enumOf(RecoveryMode.class))
            .withDefault("auto")
            .readFrom(c -> c.recovery().mode())
            .withDoc("How a target that comes back catches up. `replay` resumes its consumer group from the"
                    + " committed offset (a full rsync only if that offset is no longer in the log); `full`"
                    + " always runs a full rsync; `auto` replays when the committed offset is still in the log"
                    + " and the outage is shorter than recovery.maxReplayAge, else runs a full rsync."
                    + " A new target always gets a full rsync first.");

    public static final ConfigField<Duration> RECOVERY_MAX_REPLAY_AGE = ConfigField.define("recovery.maxReplayAge",
                    FieldTypes.DURATION)
            .withDefault("1h")
            .validatedBy(Validators.durationBetween(Duration.ofSeconds(1), Duration.ofDays(365)))
            .readFrom(c -> c.recovery().maxReplayAge())
            .withDoc("In `auto` mode, an outage at least this long (from leaving ready to coming back) is caught"
                    + " up by a full rsync rather than a replay of everything that changed meanwhile.");

    // ---- hooks ----
    public static final ConfigField<List<String>> HOOKS_ON_STATE_CHANGE = ConfigField.define("hooks.onStateChange",
                    FieldTypes.COMMAND)
            .withDefault(List.of())
            .readFrom(c -> c.hooks().onStateChange())
            .withDoc("Run by the health keeper on every change of a target's state, e.g. to take a node out of a"
                    + " load balancer, with SYNCFLEET_TARGET, SYNCFLEET_URL, SYNCFLEET_FROM, SYNCFLEET_TO (`new`,"
                    + " `ready`, `unhealthy`, `dead`, `recovery`, `removed`) and SYNCFLEET_REASON in its environment;"
                    + " empty for none. Runs in the background, at most two at once; a failure or timeout is"
                    + " logged and never stops anything.");

    public static final ConfigField<Duration> HOOKS_TIMEOUT = ConfigField.define("hooks.timeout", FieldTypes.DURATION)
            .withDefault("10s")
            .validatedBy(Validators.durationBetween(Duration.ofMillis(100), Duration.ofHours(1)))
            .readFrom(c -> c.hooks().timeout())
            .withDoc("How long one hook run may take; it is then killed with its children.");

    public static final ConfigField<List<String>> HOOKS_AFTER_SYNC = ConfigField.define("hooks.afterSync",
                    FieldTypes.COMMAND)
            .withDefault(List.of())
            .readFrom(c -> c.hooks().afterSync())
            .withDoc("Run by the health keeper once per change batch when the batch has reached every ready target"
                    + " (each reported it synced OK, directly or by a dustbin retry), e.g. to purge a CDN. The"
                    + " batch's paths, relative to source.baseDir, are on its stdin, each followed by a NUL byte;"
                    + " SYNCFLEET_BATCH and SYNCFLEET_TARGETS (comma-separated) are in its environment. A batch that"
                    + " has not reached every ready target within 10 minutes is logged and given up. Runs in the"
                    + " background; a failure or timeout is logged with its exit code and stderr and never stops"
                    + " anything. Empty for none.");

    public static final ConfigField<List<String>> HOOKS_AFTER_SYNC_PER_TARGET = ConfigField.define(
                    "hooks.afterSyncPerTarget", FieldTypes.COMMAND)
            .withDefault(List.of())
            .readFrom(c -> c.hooks().afterSyncPerTarget())
            .withDoc("Like hooks.afterSync, but run once per change batch and target, as soon as that target"
                    + " reported the batch synced OK, with SYNCFLEET_TARGET and SYNCFLEET_BATCH in its environment."
                    + " Empty for none.");

    // ---- dustbin ----
    public static final ConfigField<Duration> DUSTBIN_RETRY_INTERVAL = ConfigField.define("dustbin.retryInterval",
                    FieldTypes.DURATION)
            .withDefault("30s")
            .validatedBy(Validators.durationBetween(Duration.ofMillis(10), Duration.ofDays(1)))
            .readFrom(c -> c.dustbin().retryInterval())
            .withDoc("Paths that failed in a partial sync (rsync exit 23/24) go to the dustbin topic and the"
                    + " target moves on; a worker retries them after this long, then after twice as long each"
                    + " time (at most 1h between two retries).");

    public static final ConfigField<Integer> DUSTBIN_MAX_ATTEMPTS = ConfigField.define("dustbin.maxAttempts",
                    FieldTypes.INT)
            .withDefault(8)
            .validatedBy(Validators.between(1, 1000))
            .readFrom(c -> c.dustbin().maxAttempts())
            .withDoc("Retries of a dustbin entry before it is parked: a parked entry is reported on the reports"
                    + " topic and waits for `syncfleet dustbin retry|drop`. A retry that finds the target down does"
                    + " not count.");

    // ---- status ----
    public static final ConfigField<HostPort> STATUS_LISTEN = ConfigField.define("status.listen", FieldTypes.HOST_PORT)
            .withDefault("127.0.0.1:7070")
            .readFrom(c -> new HostPort(c.status().host(), c.status().port()))
            .withDoc("Address of the HTTP status endpoint (`GET /status`); port 0 disables it.");

    public static final ConfigField<Boolean> STATUS_ALLOW_ACTIONS = ConfigField.define("status.allowActions",
                    FieldTypes.BOOLEAN)
            .withDefault(false)
            .readFrom(c -> c.status().allowActions())
            .withDoc("Let the dashboard (`POST /actions/full-sync` and `/actions/replay`) ask the health keeper for a"
                    + " full sync or a replay of a target. Off by default: anyone who can reach status.listen could"
                    + " otherwise start them. Set status.token too when the address is not private.");

    public static final ConfigField<String> STATUS_TOKEN = ConfigField.define("status.token", FieldTypes.STRING)
            .withDefault("")
            .readFrom(c -> c.status().token())
            .maskedBy(v -> "".equals(v) ? v : Secrets.MASK)
            .withDoc("When set, actions need the header `Authorization: Bearer <token>` (the dashboard asks for it"
                    + " once). Secret: masked when the config is printed; SYNCFLEET_STATUS_TOKEN keeps it out of"
                    + " the file. Empty: no token.");

    // ---- log ----
    public static final ConfigField<Path> LOG_DIR = ConfigField.define("log.dir", FieldTypes.PATH)
            .withDefault("./logs")
            .readFrom(c -> c.log().dir())
            .withDoc("Directory of log files." + RELATIVE);

    public static final ConfigField<String> LOG_LEVEL = ConfigField.define("log.level",
                    FieldTypes.oneOf("error", "warn", "info", "debug", "trace"))
            .withDefault("info")
            .readFrom(c -> c.log().level())
            .withDoc("Root log level (case-insensitive).");

    /** Every section, in the order the file, the printer and the docs use. */
    public static final List<ConfigSection> SECTIONS = List.of(
            new ConfigSection("kafka", "Where syncfleet's topics live.", List.of(KAFKA_BOOTSTRAP, KAFKA_DATA_DIR,
                    KAFKA_EMBEDDED_PORT, KAFKA_TOPIC_PREFIX, KAFKA_PARTITIONS, KAFKA_PROPERTIES)),
            new ConfigSection("source", "What is replicated.", List.of(SOURCE_BASE_DIR, SOURCE_PATHS, SOURCE_EXCLUDE)),
            new ConfigSection("watch", "How the watcher agent reports changes.",
                    List.of(WATCH_DELAY, WATCH_BACKEND, WATCH_RAISE_LIMITS, WATCH_STATE_DIR,
                            WATCH_CHECKPOINT, WATCH_HEARTBEAT, WATCH_SETTLE)),
            new ConfigSection("rsync", "How sync workers run rsync.", List.of(RSYNC_BINARY, RSYNC_EXTRA_ARGS,
                    RSYNC_TIMEOUT, RSYNC_MAX_PROCESSES, RSYNC_MAX_INIT, RSYNC_MAX_RECOVERY, RSYNC_LAUNCHER)),
            new ConfigSection("targets", "Where files go.", List.of(TARGETS_STATIC, TARGETS_COMMAND, TARGETS_REFRESH)),
            new ConfigSection("health", "How the health keeper probes targets and decides their state.",
                    List.of(HEALTH_INTERVAL_READY, HEALTH_INTERVAL_UNHEALTHY, HEALTH_INTERVAL_DEAD,
                            HEALTH_INTERVAL_RECOVERY, HEALTH_UNHEALTHY_PROBES, HEALTH_UNHEALTHY_FATAL,
                            HEALTH_PROBE_TIMEOUT)),
            new ConfigSection("recovery", "How a target that comes back catches up.",
                    List.of(RECOVERY_MODE, RECOVERY_MAX_REPLAY_AGE)),
            new ConfigSection("hooks", "Commands run when something happens to a target.",
                    List.of(HOOKS_ON_STATE_CHANGE, HOOKS_TIMEOUT, HOOKS_AFTER_SYNC, HOOKS_AFTER_SYNC_PER_TARGET)),
            new ConfigSection("dustbin", "How workers retry the paths of partial syncs.",
                    List.of(DUSTBIN_RETRY_INTERVAL, DUSTBIN_MAX_ATTEMPTS)),
            AlertKeys.SECTION,
            new ConfigSection("status", "The HTTP status endpoint, metrics and dashboard.",
                    List.of(STATUS_LISTEN, STATUS_ALLOW_ACTIONS, STATUS_TOKEN)),
            new ConfigSection("log", "Logging.", List.of(LOG_DIR, LOG_LEVEL)));

    /** Rules between keys. */
    public static final List<CrossCheck> CROSS_CHECKS = withAll(AlertKeys.CROSS_CHECKS,
            atMost(RSYNC_MAX_INIT, RSYNC_MAX_PROCESSES),
            atMost(RSYNC_MAX_RECOVERY, RSYNC_MAX_PROCESSES),
            atMost(HEALTH_UNHEALTHY_FATAL, HEALTH_UNHEALTHY_PROBES),
            CrossCheck.of(List.of(KAFKA_BOOTSTRAP, KAFKA_EMBEDDED_PORT, STATUS_LISTEN), (v, ctx) -> {
                int kafkaPort = v.get(KAFKA_EMBEDDED_PORT);
                int statusPort = v.get(STATUS_LISTEN).port();
                if (KafkaConfig.EMBEDDED.equals(v.get(KAFKA_BOOTSTRAP))
                        && (statusPort == kafkaPort || statusPort == kafkaPort + 1)) {
                    ctx.problem(STATUS_LISTEN.key(), "port " + statusPort + " is taken by the embedded broker"
                            + " (kafka.embeddedPort " + kafkaPort + " and " + (kafkaPort + 1) + ")", v.where(STATUS_LISTEN));
                }
            }));

    private ConfigKeys() {
    }

    private static List<CrossCheck> withAll(List<CrossCheck> more, CrossCheck... checks) {
        List<CrossCheck> all = new ArrayList<>(List.of(checks));
        all.addAll(more);
        return List.copyOf(all);
    }

    private static CrossCheck atMost(ConfigField<Integer> small, ConfigField<Integer> big) {
        return CrossCheck.of(List.of(small, big), (v, ctx) -> {
            if (v.get(small) > v.get(big)) {
                ctx.problem(small.key(), "must not exceed " + big.key() + " (" + v.get(big) + "), got " + v.get(small),
                        v.where(small));
            }
        });
    }
}
