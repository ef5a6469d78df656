package io.syncfleet.app;

import io.syncfleet.common.config.ConfigField;
import io.syncfleet.common.config.ConfigKeys;
import io.syncfleet.common.config.ConfigSection;
import io.syncfleet.common.config.SourceConfig;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.TargetConfig;
import io.syncfleet.common.config.WatchConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a reloaded config changes, and how each change can take effect in a running process. Pure.
 *
 * <ul>
 *   <li>{@code log.level}: at once.</li>
 *   <li>{@code targets.*}, {@code hooks.*}, {@code health.*}, {@code recovery.*}, {@code alerts.*}: by restarting the health
 *       keeper, which takes over the fleet from the {@code targets} topic as it does at start (new static
 *       targets are added, changed urls moved, states kept). Static targets that are gone are removed with a
 *       request, as {@code syncfleet targets remove} would.</li>
 *   <li>{@code rsync.*}, {@code dustbin.*}: by restarting the sync worker; its targets resume from their
 *       committed offsets.</li>
 *   <li>{@code watch.delay}, {@code watch.backend}, {@code watch.raiseLimits}, {@code watch.checkpoint},
 *       {@code watch.heartbeat}, {@code watch.settle}: by restarting the watcher, which starts from its
 *       manifest (or rescans its roots).</li>
 *   <li>{@code source.exclude}: by restarting the watcher and the worker; the watcher's RESCAN then sends
 *       what is no longer excluded.</li>
 *   <li>Everything else ({@code kafka.*}, {@code source.baseDir}, {@code source.paths}, {@code watch.stateDir},
 *       {@code status.listen}, {@code log.dir}, and any key not listed here): only by restarting the process;
 *       the running value stays.</li>
 * </ul>
 *
 * @param changed every key whose value differs, in reference order
 * @param restartNeeded the changed keys that need a process restart
 * @param keeper, worker, watcher whether that role must be restarted to apply the change
 * @param removedTargets ids in the old {@code targets.static} that the new one lacks
 * @param applied the config to run with: the new one, with the running values of the restart-needed keys
 */
public record ConfigChange(List<String> changed, List<String> restartNeeded, boolean keeper, boolean worker,
                           boolean watcher, List<String> removedTargets, SyncfleetConfig applied) {

    private static final Set<String> LIVE = Set.of("log.level");
    private static final Set<String> KEEPER_SECTIONS = Set.of("targets", "hooks", "health", "recovery", "alerts");
    private static final Set<String> WATCHER_KEYS = Set.of("watch.delay", "watch.backend", "watch.raiseLimits",
            "watch.checkpoint", "watch.heartbeat", "watch.settle", "source.exclude");
    private static final Set<String> WORKER_KEYS = Set.of("source.exclude");

    public ConfigChange {
        changed = List.copyOf(changed);
        restartNeeded = List.copyOf(restartNeeded);
        removedTargets = List.copyOf(removedTargets);
    }

    public static ConfigChange between(SyncfleetConfig running, SyncfleetConfig loaded) {
        List<String> changed = new ArrayList<>();
        for (ConfigSection s : ConfigKeys.SECTIONS) {
            for (ConfigField<?> f : s.fields()) {
                if (!Objects.equals(f.yamlValue(running), f.yamlValue(loaded))) {
                    changed.add(f.key());
                }
            }
        }
        if (!running.kafka().properties().equals(loaded.kafka().properties()) && !changed.contains("kafka.properties")) {
            changed.add("kafka.properties"); // a secret changed: printed values are masked
        }
        List<String> restart = new ArrayList<>();
        boolean keeper = false;
        boolean worker = false;
        boolean watcher = false;
        for (String key : changed) {
            String section = key.substring(0, key.indexOf('.'));
            boolean applies = LIVE.contains(key);
            if (KEEPER_SECTIONS.contains(section)) {
                keeper = applies = true;
            }
            if (section.equals("rsync") || section.equals("dustbin") || WORKER_KEYS.contains(key)) {
                worker = applies = true;
            }
            if (WATCHER_KEYS.contains(key)) {
                watcher = applies = true;
            }
            if (!applies) {
                restart.add(key);
            }
        }
        Set<String> kept = loaded.targets().staticTargets().stream().map(TargetConfig::id).collect(Collectors.toSet());
        List<String> removed = running.targets().staticTargets().stream().map(TargetConfig::id)
                .filter(id -> !kept.contains(id)).toList();
        return new ConfigChange(changed, restart, keeper, worker, watcher, removed, applicable(running, loaded));
    }

    /** The loaded config with the running values of everything that needs a restart. */
    private static SyncfleetConfig applicable(SyncfleetConfig running, SyncfleetConfig loaded) {
        SourceConfig source = new SourceConfig(running.source().baseDir(), running.source().paths(),
                loaded.source().exclude());
        WatchConfig watch = new WatchConfig(loaded.watch().delay(), loaded.watch().backend(),
                loaded.watch().raiseLimits(), running.watch().stateDir(), loaded.watch().checkpoint(),
                loaded.watch().heartbeat(), loaded.watch().settle());
        return new SyncfleetConfig(running.kafka(), source, watch, loaded.rsync(), loaded.targets(), running.status(),
                new io.syncfleet.common.config.LogConfig(running.log().dir(), loaded.log().level()), loaded.health(),
                loaded.recovery(), loaded.hooks(), loaded.dustbin(), loaded.alerts());
    }

    public boolean isEmpty() {
        return changed.isEmpty();
    }
}
