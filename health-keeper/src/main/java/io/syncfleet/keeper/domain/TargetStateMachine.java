package io.syncfleet.keeper.domain;

import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.common.event.CatchUpCommand;

import static io.syncfleet.common.event.TargetState.DEAD;
import static io.syncfleet.common.event.TargetState.READY;
import static io.syncfleet.common.event.TargetState.RECOVERY;
import static io.syncfleet.common.event.TargetState.UNHEALTHY;

import io.syncfleet.common.config.HealthConfig;
import io.syncfleet.common.config.RecoveryConfig;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The health of one target as a pure function: (health, signal, now) to {@link Transition}. No threads,
 * no Kafka, no I/O, no randomness: the caller brings probe results, worker reports and the time, and
 * publishes what comes out. The seed's HealthKeeper semantics (MISSION-NOTES), with catch-up by replay.
 *
 * <h2>The chart</h2>
 * <pre>
 *  READY     -- probe failed ---------------------------------------------------&gt; UNHEALTHY
 *  READY     -- worker reported target down (SyncDown) -------------------------&gt; UNHEALTHY
 *  UNHEALTHY -- unhealthyFatal failures in the round ---------------------------&gt; DEAD
 *  UNHEALTHY -- successes &gt; unhealthyProbes - unhealthyFatal in the round ------&gt; RECOVERY (+ catch-up command)
 *  DEAD      -- probe ok ------------------------------------------------------&gt; UNHEALTHY (a fresh round)
 *  RECOVERY  -- catch-up result ok for the pending command ---------------------&gt; READY
 *  RECOVERY  -- catch-up result failed for the pending command -----------------&gt; UNHEALTHY
 *  RECOVERY  -- probe failed ---------------------------------------------------&gt; UNHEALTHY
 *  (new target) ---------------------------------------------------------------&gt; RECOVERY (+ full catch-up)
 *  any       -- operator asks for a replay or a full sync ----------------------&gt; RECOVERY (+ that catch-up)
 * </pre>
 * Everything else leaves the state as it is: probe ok in ready or recovery, probe failed while dead, a
 * worker report outside ready (probes decide there), a catch-up result whose command id is not the
 * pending one (stale: from an earlier recovery), and {@link Tick}.
 *
 * <h2>The unhealthy round</h2>
 * Entering unhealthy starts a round with no probes counted; its first probe is due at once, the next
 * ones every {@code interval.unhealthy}. After each probe, with {@code f} failures and {@code s}
 * successes counted in the round, {@code N = unhealthyProbes} and {@code F = unhealthyFatal}:
 * <ol>
 *   <li>{@code f >= F}: dead;</li>
 *   <li>else {@code s > N - F}: recovery, since even if every remaining probe failed, the round could no
 *       longer reach {@code F} failures;</li>
 *   <li>else: probe again.</li>
 * </ol>
 * So the outcome is decided as early as it is certain, and a round never takes more than {@code N}
 * probes. With the defaults (5, 3): three failures mean dead, three successes mean recovery.
 *
 * <h2>Catch-up</h2>
 * Entering recovery issues a {@link CatchUpCommand}: id {@code <target>-c<n>} from the target's own
 * counter, mode from {@link CatchUpPolicy} with the outage measured from {@code outageStartMillis} and
 * {@link ReplayWindow#committedOffsetInLog} asked at that moment. A target that owes a full sync (new, or
 * its last full sync did not finish) gets {@link CatchUpMode#FULL} whatever the policy says. Leaving
 * recovery without success (probe failed, catch-up failed) drops the command, so its late result is
 * stale; if it was full, the target owes a full sync.
 *
 * <h2>Probe times</h2>
 * Each state is probed every {@code interval.<state>} after its last probe result; entering unhealthy
 * makes a probe due at once. A probe result is counted whenever it arrives; {@link Tick} never changes
 * anything.
 */
public final class TargetStateMachine {

    private final HealthConfig health;
    private final RecoveryConfig recovery;
    private final ReplayWindow replayWindow;

    public TargetStateMachine(HealthConfig health, RecoveryConfig recovery, ReplayWindow replayWindow) {
        this.health = Objects.requireNonNull(health, "health");
        this.recovery = Objects.requireNonNull(recovery, "recovery");
        this.replayWindow = Objects.requireNonNull(replayWindow, "replayWindow");
    }

    /**
     * A target the keeper starts to watch. A new target (added to the fleet now) starts in recovery with
     * a full catch-up: it gets a full sync before live sync. Any other starts ready with a probe due at once.
     */
    public TargetHealth initial(String id, String url, long nowMillis, boolean newTarget) {
        if (!newTarget) {
            return new TargetHealth(id, url, READY, nowMillis, "configured target", 0, 0, -1, null, false, 0, nowMillis);
        }
        return added(id, url, 0, "new target", nowMillis);
    }

    /**
     * A target added to the fleet now: recovery with a full catch-up, since a new target gets a full sync
     * before live sync. Its command is number {@code commandsIssued + 1}, so a target that was removed and
     * comes back never reuses an id of its earlier life.
     *
     * @param commandsIssued the highest command number the target ever had (0 for none)
     * @param why how it was added, e.g. {@code added by targets.command}; starts the reason
     */
    public TargetHealth added(String id, String url, long commandsIssued, String why, long nowMillis) {
        long n = commandsIssued + 1;
        CatchUpCommand command = new CatchUpCommand(CatchUpCommand.id(id, n), CatchUpMode.FULL, nowMillis);
        String reason = why + "; catch-up " + command.id() + " (full): a new target gets a full sync before"
                + " live sync";
        return new TargetHealth(id, url, RECOVERY, nowMillis, reason, 0, 0, nowMillis, command, true, n,
                nowMillis + interval(RECOVERY).toMillis());
    }

    /**
     * The health of a target as the {@code targets} topic last published it, when the keeper starts.
     * The table keeps only the latest state, so what it lacks is assumed the safe way:
     * <ul>
     *   <li>ready stays ready, with a probe due at once;</li>
     *   <li>unhealthy and dead stay as they are, with a fresh round (or probe) due at once; the outage is
     *       taken to start at the published {@code since} (a lower bound), and the next catch-up is full:
     *       whether a full sync was owed, and how long the outage really is, went with the old keeper;</li>
     *   <li>recovery becomes unhealthy with a fresh round (a changed transition, to publish): the pending
     *       command may be half done, and a fresh round gives a fresh catch-up decision, a full one.</li>
     * </ul>
     * Command numbers stay monotonic: the next command is numbered above both {@code commandsIssued}
     * and the published pending command.
     *
     * @param commandsIssued the highest command number seen for the target (see {@link CommandNumbers})
     */
    public Transition restore(TargetStatus published, long commandsIssued, long nowMillis) {
        Objects.requireNonNull(published, "published");
        String id = published.targetId();
        long commands = Math.max(commandsIssued, CommandNumbers.of(id, published.pendingCommandId()));
        long since = published.sinceMillis();
        TargetState state = published.state();
        return switch (state) {
            case READY -> stay(new TargetHealth(id, published.url(), READY, since, published.reason(), 0, 0, -1, null,
                    false, commands, nowMillis), "restored ready from the targets topic");
            case UNHEALTHY, DEAD -> stay(new TargetHealth(id, published.url(), state, since, published.reason(), 0, 0,
                    since, null, true, commands, nowMillis), "restored " + word(state) + " from the targets topic");
            case RECOVERY -> {
                String pending = published.command() == null ? "its catch-up"
                        : "catch-up " + published.command().id() + " (" + published.command().mode().word() + ")";
                String reason = "the keeper restarted during " + pending + "; a fresh probe round decides a new"
                        + " (full) catch-up";
                yield changed(new TargetHealth(id, published.url(), UNHEALTHY, nowMillis, reason, 0, 0, since, null,
                        true, commands, nowMillis), reason, Optional.empty());
            }
        };
    }

    /**
     * An operator asks for a catch-up now ({@code syncfleet replay}, or a full sync): from any state the
     * target enters recovery with a new command of {@code mode}. A pending command is dropped (its late
     * result is stale); if it was full, a full sync is owed. A replay asked of a target that owes a full
     * sync becomes a full sync, since replaying from any time cannot fill what the missing full sync
     * would have sent. A target that is down will fail the catch-up's probes and fall back to unhealthy.
     *
     * @param replayFromMillis for a replay, reset the target's group to this time first; -1 to replay from
     *                         the committed offset; ignored for a full sync
     * @param why who asked and why, e.g. {@code operator alice@ops1 asked for a replay}; starts the reason
     */
    public Transition operatorCatchUp(TargetHealth current, CatchUpMode mode, long replayFromMillis, String why,
                                      long nowMillis) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(mode, "mode");
        CatchUpMode chosen = mode;
        String note = "";
        if (mode == CatchUpMode.REPLAY && current.fullSyncOwed()) {
            chosen = CatchUpMode.FULL;
            note = ", not a replay: the target owes a full sync (its last full sync did not complete)";
        }
        long from = chosen == CatchUpMode.REPLAY ? replayFromMillis : -1;
        long n = current.commands() + 1;
        CatchUpCommand command = new CatchUpCommand(CatchUpCommand.id(current.id(), n), chosen, nowMillis, from);
        String what = chosen == CatchUpMode.FULL ? "full"
                : from < 0 ? "replay from the committed offset" : "replay from " + Instant.ofEpochMilli(from);
        CatchUpCommand dropped = current.pendingCommand();
        String reason = why + "; catch-up " + command.id() + " (" + what + ")" + note
                + (dropped == null ? "" : "; replaces " + dropped.id());
        boolean owesFull = dropped == null ? current.fullSyncOwed() : owesFullAfterDropping(current);
        long outageStart = current.state() == READY ? nowMillis : current.outageStartMillis();
        return changed(entered(current, RECOVERY, nowMillis, reason, outageStart, command, owesFull, n), reason,
                Optional.of(command));
    }

    /** The next health of a target after {@code signal} at {@code nowMillis}. */
    public Transition on(TargetHealth current, Signal signal, long nowMillis) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(signal, "signal");
        if (signal instanceof ProbeResult probe) {
            return probed(current, probe, nowMillis);
        }
        if (signal instanceof SyncDown down) {
            return syncDown(current, down, nowMillis);
        }
        if (signal instanceof SyncOk ok) {
            return syncOk(current, ok, nowMillis);
        }
        if (signal instanceof CatchUpResult result) {
            return caughtUp(current, result, nowMillis);
        }
        return stay(current, current.probeDue(nowMillis) ? "probe due"
                : "next probe in " + Elapsed.text(current.nextProbeAtMillis() - nowMillis));
    }

    /** Time between probes in {@code state}. */
    public Duration interval(TargetState state) {
        HealthConfig.Intervals i = health.interval();
        return switch (state) {
            case READY -> i.ready();
            case UNHEALTHY -> i.unhealthy();
            case DEAD -> i.dead();
            case RECOVERY -> i.recovery();
        };
    }

    private Transition probed(TargetHealth h, ProbeResult probe, long now) {
        int probes = h.probes() + 1;
        int failures = h.failures() + (probe.ok() ? 0 : 1);
        switch (h.state()) {
            case READY:
                if (probe.ok()) {
                    return stay(counted(h, probes, failures, now), "probe ok: " + probe.detail());
                }
                return unhealthy(h, now, "probe failed: " + probe.detail(), now, h.fullSyncOwed());
            case UNHEALTHY:
                return unhealthyRound(h, probe, probes, failures, now);
            case DEAD:
                if (probe.ok()) {
                    return unhealthy(h, now, "probe ok after " + h.failures() + " failed probes, dead for "
                            + Elapsed.text(now - h.sinceMillis()), h.outageStartMillis(), h.fullSyncOwed());
                }
                return stay(counted(h, probes, failures, now), "still dead: probe failed: " + probe.detail());
            case RECOVERY:
            default:
                CatchUpCommand pending = h.pendingCommand();
                if (probe.ok()) {
                    return stay(counted(h, probes, failures, now), "probe ok; waiting for catch-up " + pending.id());
                }
                return unhealthy(h, now, "probe failed during catch-up " + pending.id() + " (" + pending.mode().word()
                        + "): " + probe.detail(), h.outageStartMillis(), owesFullAfterDropping(h));
        }
    }

    private Transition unhealthyRound(TargetHealth h, ProbeResult probe, int probes, int failures, long now) {
        int round = health.unhealthyProbes();
        int fatal = health.unhealthyFatal();
        int successes = probes - failures;
        if (failures >= fatal) {
            String reason = failures + "/" + round + " probes failed: " + probe.detail();
            return changed(entered(h, DEAD, now, reason, h.outageStartMillis(), null, h.fullSyncOwed(), h.commands()),
                    reason, Optional.empty());
        }
        if (successes > round - fatal) {
            String why = successes + "/" + round + " probes ok" + (failures == 0 ? "" : " after " + failures + " failed");
            return recover(h, why, now);
        }
        String what = probe.ok() ? " ok" : " failed: " + probe.detail();
        return stay(counted(h, probes, failures, now), "probe " + probes + "/" + round + what);
    }

    private Transition syncDown(TargetHealth h, SyncDown down, long now) {
        if (h.state() != READY) {
            return stay(h, "ignored worker report, target is " + word(h.state()) + ": " + down.detail());
        }
        return unhealthy(h, now, "worker reported target down: " + down.detail(), now, h.fullSyncOwed());
    }

    /**
     * A ready target's next probe moves to one interval after the sync (never earlier than it was, and a
     * worker clock ahead of ours counts as now). Other states go by their probes: a live sync there is an
     * old one, or a replay's, whose result comes as a {@link CatchUpResult}.
     */
    private Transition syncOk(TargetHealth h, SyncOk ok, long now) {
        if (h.state() != READY) {
            return stay(h, "live sync ok ignored, target is " + word(h.state()) + ": its probes decide");
        }
        long next = Math.min(ok.finishedAtMillis(), now) + interval(READY).toMillis();
        if (next <= h.nextProbeAtMillis()) {
            return stay(h, "live sync ok; next probe in " + Elapsed.text(h.nextProbeAtMillis() - now) + " as planned");
        }
        TargetHealth deferred = new TargetHealth(h.id(), h.url(), h.state(), h.sinceMillis(), h.reason(), h.probes(),
                h.failures(), h.outageStartMillis(), h.pendingCommand(), h.fullSyncOwed(), h.commands(), next);
        return stay(deferred, "live sync ok: counts as a probe, next probe in " + Elapsed.text(next - now));
    }

    private Transition caughtUp(TargetHealth h, CatchUpResult result, long now) {
        CatchUpCommand pending = h.pendingCommand();
        if (pending == null) {
            return stay(h, "ignored stale catch-up result " + result.commandId() + ": target is " + word(h.state())
                    + ", no catch-up pending");
        }
        if (!pending.id().equals(result.commandId())) {
            return stay(h, "ignored stale catch-up result " + result.commandId() + "; waiting for " + pending.id());
        }
        String what = "catch-up " + pending.id() + " (" + pending.mode().word() + ")";
        if (result.ok()) {
            String reason = what + " ok" + (result.detail().isEmpty() ? "" : ": " + result.detail());
            return changed(entered(h, READY, now, reason, h.outageStartMillis(), null, false, h.commands()), reason,
                    Optional.empty());
        }
        return unhealthy(h, now, what + " failed: " + result.detail(), h.outageStartMillis(), owesFullAfterDropping(h));
    }

    private Transition recover(TargetHealth h, String why, long now) {
        CatchUpDecision decision = h.fullSyncOwed()
                ? new CatchUpDecision(CatchUpMode.FULL, "the last full sync did not complete")
                : CatchUpPolicy.decide(recovery, h.outageStartMillis(), now, replayWindow.committedOffsetInLog(h.id()));
        long n = h.commands() + 1;
        CatchUpCommand command = new CatchUpCommand(CatchUpCommand.id(h.id(), n), decision.mode(), now);
        String reason = why + "; catch-up " + command.id() + " (" + decision.mode().word() + "): " + decision.reason();
        return changed(entered(h, RECOVERY, now, reason, h.outageStartMillis(), command, h.fullSyncOwed(), n), reason,
                Optional.of(command));
    }

    private Transition unhealthy(TargetHealth h, long now, String reason, long outageStart, boolean fullSyncOwed) {
        return changed(entered(h, UNHEALTHY, now, reason, outageStart, null, fullSyncOwed, h.commands()), reason,
                Optional.empty());
    }

    /** A dropped full catch-up may have moved the offsets without finishing: the next catch-up must be full. */
    private static boolean owesFullAfterDropping(TargetHealth h) {
        return h.fullSyncOwed() || h.pendingCommand().mode() == CatchUpMode.FULL;
    }

    private TargetHealth entered(TargetHealth h, TargetState state, long now, String reason, long outageStart,
                                 CatchUpCommand command, boolean fullSyncOwed, long commands) {
        long nextProbe = state == UNHEALTHY ? now : now + interval(state).toMillis();
        return new TargetHealth(h.id(), h.url(), state, now, reason, 0, 0, outageStart, command, fullSyncOwed,
                commands, nextProbe);
    }

    private TargetHealth counted(TargetHealth h, int probes, int failures, long now) {
        return new TargetHealth(h.id(), h.url(), h.state(), h.sinceMillis(), h.reason(), probes, failures,
                h.outageStartMillis(), h.pendingCommand(), h.fullSyncOwed(), h.commands(),
                now + interval(h.state()).toMillis());
    }

    private static Transition changed(TargetHealth next, String reason, Optional<CatchUpCommand> command) {
        return new Transition(next, true, reason, command);
    }

    private static Transition stay(TargetHealth h, String reason) {
        return new Transition(h, false, reason, Optional.empty());
    }

    private static String word(TargetState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
