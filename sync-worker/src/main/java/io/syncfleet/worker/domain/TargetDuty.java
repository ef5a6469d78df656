package io.syncfleet.worker.domain;

import io.syncfleet.common.event.CatchUpCommand;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import java.util.Objects;
import java.util.Set;

/**
 * What the worker that owns a target must do when the target's status on the {@code targets} topic
 * changes: keep, start or stop its live loop, cancel the catch-up it runs, start a new one.
 *
 * <table>
 *   <caption>rules</caption>
 *   <tr><th>status</th><th>loop</th><th>catch-up</th></tr>
 *   <tr><td>removed (tombstone)</td><td>stop</td><td>cancel</td></tr>
 *   <tr><td>READY</td><td>start, or keep (a loop started by a replay becomes the live loop)</td>
 *       <td>cancel: the keeper decided already, a late result would be stale</td></tr>
 *   <tr><td>RECOVERY with a command not run yet</td><td>stop (the command restarts it for a replay)</td>
 *       <td>cancel the older one, run this one</td></tr>
 *   <tr><td>RECOVERY with a command already run</td><td>keep only the loop of that command's replay</td>
 *       <td>keep</td></tr>
 *   <tr><td>RECOVERY without a command, UNHEALTHY, DEAD</td><td>stop</td><td>cancel</td></tr>
 * </table>
 *
 * <p>A command runs at most once per owner: its id is remembered. A new owner (after a failover) has
 * not seen it and runs it again; both kinds are idempotent (rsync sends state, not events), so the
 * worst case is work done twice.
 *
 * @param loop what to do with the target's live loop
 * @param cancelCatchUp true: cancel the catch-up that runs for the target
 * @param runCatchUp the command to run now, or null
 */
public record TargetDuty(LoopAction loop, boolean cancelCatchUp, CatchUpCommand runCatchUp) {

    /** What happens to the target's loop. */
    public enum LoopAction { KEEP, START, STOP }

    public TargetDuty {
        Objects.requireNonNull(loop, "loop");
    }

    /**
     * @param status the target's latest status, null when it was removed
     * @param loopRunning true when a loop runs for the target
     * @param loopCommandId the id of the replay command that started the running loop, null for a live loop
     * @param runningCommandId the id of the catch-up running now, null when none
     * @param executedIds ids of the commands this owner has started for the target
     */
    public static TargetDuty decide(TargetStatus status, boolean loopRunning, String loopCommandId,
                                    String runningCommandId, Set<String> executedIds) {
        boolean running = runningCommandId != null;
        LoopAction stop = loopRunning ? LoopAction.STOP : LoopAction.KEEP;
        if (status == null) {
            return new TargetDuty(stop, running, null);
        }
        if (status.state() == TargetState.READY) {
            return new TargetDuty(loopRunning ? LoopAction.KEEP : LoopAction.START, running, null);
        }
        CatchUpCommand command = status.command();
        if (status.state() != TargetState.RECOVERY || command == null) {
            return new TargetDuty(stop, running, null);
        }
        if (!executedIds.contains(command.id())) {
            return new TargetDuty(stop, running, command);
        }
        boolean loopOfThisCommand = loopRunning && command.id().equals(loopCommandId);
        boolean otherCommandRunning = running && !command.id().equals(runningCommandId);
        return new TargetDuty(loopOfThisCommand ? LoopAction.KEEP : stop, otherCommandRunning, null);
    }
}
