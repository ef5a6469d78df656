package io.syncfleet.common.event;

/** The health keeper's view of a target; only {@link #READY} targets get live syncs. */
public enum TargetState {
    READY, UNHEALTHY, DEAD, RECOVERY;

    public boolean getsLiveSync() {
        return this == READY;
    }
}
