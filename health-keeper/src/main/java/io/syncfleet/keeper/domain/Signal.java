package io.syncfleet.keeper.domain;

/**
 * Something that happened to one target, fed to {@link TargetStateMachine#on}: a probe result, a
 * worker's report that the target is down or that a live sync reached it, the result of a catch-up, or
 * nothing at all ({@link Tick}).
 */
public sealed interface Signal permits ProbeResult, SyncDown, SyncOk, CatchUpResult, Tick {
}
