package io.syncfleet.common.event;

import java.util.Locale;

/** How one catch-up brings a target up to date. */
public enum CatchUpMode {
    /** Resume the target's consumer group from its committed offset: only what changed is sent. */
    REPLAY,
    /**
     * A full rsync of every root. The end offsets of {@code changes} are captured before it starts and
     * consumption resumes from them, so nothing changed during the sync is lost.
     */
    FULL;

    /** {@code replay} or {@code full}, as reasons and logs write it. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
