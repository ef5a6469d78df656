package io.syncfleet.keeper.app;

import io.syncfleet.common.config.Durations;
import io.syncfleet.common.config.TargetConfig;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.event.TargetRequest;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.keeper.domain.CatchUpResult;
import io.syncfleet.keeper.domain.FleetCommandOutput;
import io.syncfleet.keeper.domain.FleetPlan;
import io.syncfleet.keeper.domain.FleetReconciler;
import io.syncfleet.keeper.domain.ProbeResult;
import io.syncfleet.keeper.domain.Signal;
import io.syncfleet.keeper.domain.SyncDown;
import io.syncfleet.keeper.domain.SyncOk;
import io.syncfleet.keeper.domain.TargetHealth;
import io.syncfleet.keeper.domain.TargetStateMachine;
import io.syncfleet.keeper.domain.Transition;
import io.syncfleet.keeper.kafka.GroupRemover;
import io.syncfleet.keeper.kafka.StatusPublisher;
import io.syncfleet.keeper.kafka.TargetTable;
import io.syncfleet.keeper.process.HookRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every target's health and where it came from, and what happens to the fleet: signals go through the
 * {@link TargetStateMachine}; operators' requests and {@code targets.command} add, move and remove
 * targets. Not thread-safe: only the keeper's thread ({@link KeeperLoop}) uses it, after
 * {@link #restore} on the starting thread.
 *
 * <p>Each change of a target (a changed state or a new catch-up command) is published to {@code targets}
 * as a {@link TargetStatus}, logged at INFO ({@code target [web3] ready -> unhealthy: probe failed:
 * connection refused}) and, when the state changed, given to the state-change hook ({@code new} as the
 * state a target comes from when added, {@code removed} as the one it goes to when removed).
 */
final class Fleet {

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    /** A replay or full-sync request older than this is not carried out: the operator has long moved on. */
    static final Duration STALE_REQUEST = Duration.ofDays(1);

    private final TargetStateMachine machine;
    private final StatusPublisher publisher;
    private final HookRunner hooks;
    private final GroupRemover groups;
    private final Clock clock;
    private final boolean scriptConfigured;

    private final Map<String, Tracked> fleet = new TreeMap<>();
    private final Map<String, Long> commandNumbers = new HashMap<>();
    private final Set<String> probing = new HashSet<>();
    private final Set<String> staticIds = new HashSet<>();
    private List<String> lastScriptProblems = List.of();
    private List<TargetHealth> healths = List.of();
    private boolean dirty = true;

    /** A probe to start: the target's id and url as text and parsed (null when it does not parse). */
    record DueProbe(String id, String url, TargetUrl target) {
    }

    /** One target: its health, its parsed url and where it came from. */
    private static final class Tracked {
        TargetHealth health;
        TargetUrl url;
        TargetOrigin origin;

        Tracked(TargetHealth health, TargetUrl url, TargetOrigin origin) {
            this.health = health;
            this.url = url;
            this.origin = origin;
        }
    }

    Fleet(TargetStateMachine machine, StatusPublisher publisher, HookRunner hooks, GroupRemover groups, Clock clock,
          boolean scriptConfigured) {
        this.machine = machine;
        this.publisher = publisher;
        this.hooks = hooks;
        this.groups = groups;
        this.clock = clock;
        this.scriptConfigured = scriptConfigured;
    }

    /** Takes over the fleet from the {@code targets} topic and {@code targets.static}; publishes what changes. */
    void restore(TargetTable table, List<TargetConfig> statics) {
        long now = clock.millis();
        commandNumbers.putAll(table.commandNumbers());
        for (TargetStatus s : table.latest().values()) {
            Transition t = machine.restore(s, commandNumbers.getOrDefault(s.targetId(), 0L), now);
            fleet.put(s.targetId(), new Tracked(t.next(), parse(s.targetId(), s.url()), TargetOrigin.TABLE));
            if (t.changed()) {
                announce(word(s.state()), t.next());
            }
        }
        FleetPlan plan = FleetReconciler.forStatic(statics, urls());
        staticIds.addAll(plan.managed());
        for (TargetConfig t : plan.move()) {
            move(t.id(), t.url(), "targets.static");
        }
        for (TargetConfig t : plan.add()) {
            add(t.id(), t.url(), TargetOrigin.STATIC, "added by targets.static");
        }
        fleet.forEach((id, t) -> {
            if (staticIds.contains(id)) {
                t.origin = TargetOrigin.STATIC;
            }
        });
        dirty = true;
        LOG.info("fleet: {} targets ({}); {} from targets.static, {} new, {} with a new url", fleet.size(),
                countByState(), staticIds.size(), plan.add().size(), plan.move().size());
    }

    // ---- signals ----

    /** A probe of {@code url} ended. */
    void probed(String targetId, String url, ProbeResult result) {
        probing.remove(targetId);
        Tracked t = fleet.get(targetId);
        if (t == null || !t.health.url().equals(url)) {
            LOG.debug("probe of target [{}] at {} dropped: the target was removed or moved", targetId, url);
            return;
        }
        step(t, result);
    }

    /**
     * A worker reported a sync: a catch-up's result, a live sync that found the target down, or one that
     * reached it (which defers a ready target's next probe).
     */
    void reported(SyncReport r) {
        Tracked t = fleet.get(r.targetId());
        if (t == null) {
            LOG.debug("report for unknown target [{}] ignored", r.targetId());
            return;
        }
        Signal signal;
        if (r.commandId() != null) {
            // PARTIAL counts as caught up: the worker has committed past the catch-up, and the few files
            // that failed are reported on their own; failing it would cycle the target through recovery.
            boolean ok = r.outcome() == SyncOutcome.OK || r.outcome() == SyncOutcome.PARTIAL;
            String detail = r.outcome() == SyncOutcome.OK ? r.message() : outcome(r);
            signal = new CatchUpResult(r.commandId(), ok, detail);
        } else if (r.outcome() == SyncOutcome.TARGET_DOWN) {
            if (r.finishedAtMillis() < t.health.sinceMillis()) {
                LOG.debug("report of target [{}] down ignored: the sync ended before the target became {}",
                        r.targetId(), word(t.health.state()));
                return;
            }
            signal = new SyncDown(outcome(r));
        } else if (r.outcome() == SyncOutcome.OK || r.outcome() == SyncOutcome.PARTIAL) {
            signal = new SyncOk(r.finishedAtMillis()); // workers report only syncs that ran rsync
        } else {
            return;
        }
        step(t, signal);
    }

    private static String outcome(SyncReport r) {
        String word = r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return word + ", exit " + r.exitCode() + (r.message().isEmpty() ? "" : ": " + r.message());
    }

    private void step(Tracked t, Signal signal) {
        TargetState from = t.health.state();
        Transition tr = machine.on(t.health, signal, clock.millis());
        t.health = tr.next();
        dirty = true;
        if (tr.changed() || tr.command().isPresent()) {
            announce(word(from), tr.next());
        } else {
            LOG.debug("target [{}] stays {}: {}", t.health.id(), word(from), tr.reason());
        }
    }

    // ---- operators' requests ----

    /** An operator asked for something. */
    void requested(TargetRequest q) {
        String id = q.targetId();
        String who = "operator " + q.requestedBy();
        Tracked t = fleet.get(id);
        switch (q.action()) {
            case ADD -> {
                TargetUrl url;
                if (!Topics.isValidTargetId(id)) {
                    LOG.warn("request {} to add target [{}] ignored: not a valid target id", q.requestId(), id);
                    return;
                }
                try {
                    url = TargetUrl.parse(q.url());
                } catch (IllegalArgumentException e) {
                    LOG.warn("request {} to add target [{}] ignored: {}", q.requestId(), id, e.getMessage());
                    return;
                }
                if (t == null) {
                    add(id, url, TargetOrigin.OPERATOR, "added by " + who);
                } else if (!t.health.url().equals(url.original())) {
                    move(id, url, who);
                } else {
                    LOG.info("target [{}] is already in the fleet at {}; request {} of {} changes nothing", id,
                            url, q.requestId(), who);
                }
            }
            case REMOVE -> {
                if (t == null) {
                    LOG.info("target [{}] is not in the fleet (request {} of {}); deleting its consumer group if any",
                            id, q.requestId(), who);
                    groups.remove(id);
                    return;
                }
                remove(id, "removed by " + who);
                if (t.origin == TargetOrigin.STATIC) {
                    LOG.info("target [{}] is in targets.static: it comes back when the keeper restarts unless it is"
                            + " taken out of the config", id);
                }
            }
            case REPLAY, FULL_SYNC -> {
                if (t == null) {
                    LOG.warn("request {} of {} for target [{}] ignored: not in the fleet", q.requestId(), who, id);
                    return;
                }
                long age = clock.millis() - q.requestedAtMillis();
                if (age > STALE_REQUEST.toMillis()) {
                    LOG.warn("request {} of {} for target [{}] ignored: it was made at {}, more than {} ago",
                            q.requestId(), who, id, Instant.ofEpochMilli(q.requestedAtMillis()),
                            Durations.format(STALE_REQUEST));
                    return;
                }
                boolean replay = q.action() == TargetRequest.Action.REPLAY;
                String why = who + " asked for " + (replay ? "a replay" : "a full sync");
                TargetState from = t.health.state();
                Transition tr = machine.operatorCatchUp(t.health, replay ? CatchUpMode.REPLAY : CatchUpMode.FULL,
                        replay ? q.sinceMillis() : -1, why, clock.millis());
                t.health = tr.next();
                dirty = true;
                announce(word(from), tr.next());
            }
        }
    }

    // ---- targets.command ----

    /** {@code targets.command} ran successfully and printed {@code out}. */
    void listed(FleetCommandOutput out) {
        Set<String> managed = new LinkedHashSet<>();
        fleet.forEach((id, t) -> {
            if (t.origin == TargetOrigin.SCRIPT || (scriptConfigured && t.origin == TargetOrigin.TABLE)) {
                managed.add(id);
            }
        });
        FleetPlan plan = FleetReconciler.forScript(out, urls(), managed, staticIds);
        List<String> said = new ArrayList<>(out.problems());
        said.addAll(plan.notes());
        if (!said.equals(lastScriptProblems)) { // the same script output every refresh: say it once
            out.problems().forEach(p -> LOG.warn("targets.command output, {}", p));
            plan.notes().forEach(n -> LOG.warn("targets.command: {}", n));
            lastScriptProblems = said;
        }
        for (TargetConfig t : plan.move()) {
            move(t.id(), t.url(), "targets.command");
        }
        for (TargetConfig t : plan.add()) {
            add(t.id(), t.url(), TargetOrigin.SCRIPT, "added by targets.command");
        }
        for (String id : plan.remove()) {
            remove(id, "not listed by targets.command any more");
        }
        for (String id : plan.managed()) {
            Tracked t = fleet.get(id);
            if (t != null) {
                t.origin = TargetOrigin.SCRIPT;
            }
        }
        LOG.debug("targets.command listed {} targets: {} added, {} moved, {} removed", out.targets().size(),
                plan.add().size(), plan.move().size(), plan.remove().size());
    }

    // ---- fleet changes ----

    private void add(String id, TargetUrl url, TargetOrigin origin, String why) {
        TargetHealth h = machine.added(id, url.original(), commandNumbers.getOrDefault(id, 0L), why, clock.millis());
        fleet.put(id, new Tracked(h, url, origin));
        groups.cancel(id);
        dirty = true;
        announce("new", h);
    }

    private void move(String id, TargetUrl url, String by) {
        Tracked t = fleet.get(id);
        String old = t.health.url();
        t.health = t.health.withUrl(url.original());
        t.url = url;
        dirty = true;
        publisher.publish(t.health.status());
        LOG.info("target [{}] url {} -> {} ({}); stays {}", id, old, url, by, word(t.health.state()));
    }

    private void remove(String id, String why) {
        Tracked t = fleet.remove(id);
        probing.remove(id);
        dirty = true;
        publisher.tombstone(id);
        String from = word(t.health.state());
        LOG.info("target [{}] {} -> removed: {}", id, from, why);
        hooks.stateChanged(id, t.health.url(), from, "removed", why);
        groups.remove(id);
    }

    /** Publishes a target's new health, logs it and runs the hook when its state changed. */
    private void announce(String from, TargetHealth next) {
        String to = word(next.state());
        publisher.publish(next.status());
        commandNumbers.merge(next.id(), next.commands(), Math::max);
        LOG.info("target [{}] {} -> {}: {}", next.id(), from, to, next.reason());
        if (!from.equals(to)) {
            hooks.stateChanged(next.id(), next.url(), from, to, next.reason());
        }
    }

    // ---- helpers ----

    /** Every target's health, by id; rebuilt only after a change. */
    List<TargetHealth> healths() {
        if (dirty) {
            healths = fleet.values().stream().map(t -> t.health).toList();
            dirty = false;
        }
        return healths;
    }

    /** Marks the targets whose probe is due and not running as probing, and returns them. */
    List<DueProbe> dueProbes(long now) {
        List<DueProbe> due = new ArrayList<>();
        for (Tracked t : fleet.values()) {
            String id = t.health.id();
            if (t.health.probeDue(now) && probing.add(id)) {
                due.add(new DueProbe(id, t.health.url(), t.url));
            }
        }
        return due;
    }

    /** When the next probe not yet running is due, at most {@code latest}. */
    long nextProbeAt(long latest) {
        long next = latest;
        for (Tracked t : fleet.values()) {
            if (!probing.contains(t.health.id())) {
                next = Math.min(next, t.health.nextProbeAtMillis());
            }
        }
        return next;
    }

    private Map<String, String> urls() {
        Map<String, String> urls = new HashMap<>();
        fleet.forEach((id, t) -> urls.put(id, t.health.url()));
        return urls;
    }

    private String countByState() {
        Map<TargetState, Integer> n = new TreeMap<>();
        fleet.values().forEach(t -> n.merge(t.health.state(), 1, Integer::sum));
        StringBuilder s = new StringBuilder();
        n.forEach((state, count) -> s.append(s.length() == 0 ? "" : ", ").append(count).append(' ').append(word(state)));
        return s.length() == 0 ? "none" : s.toString();
    }

    private static TargetUrl parse(String id, String url) {
        try {
            return TargetUrl.parse(url);
        } catch (IllegalArgumentException e) {
            LOG.warn("target [{}] in the targets topic has a bad url, so its probes fail: {}", id, e.getMessage());
            return null;
        }
    }

    private static String word(TargetState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
