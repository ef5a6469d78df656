package io.syncfleet.watcher.fs;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.sys.SysctlFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.OptionalLong;

/**
 * The kernel's inotify limits ({@code fs.inotify.max_user_watches}, {@code fs.inotify.max_queued_events}),
 * read from and raised through their {@code /proc/sys} files, and the advice given when they are too
 * low. {@link #system()} is the kernel's; other files let a test play the kernel without lowering a
 * limit every process of the machine shares.
 */
public final class InotifyLimits {

    static final Path MAX_USER_WATCHES = Path.of("/proc/sys/fs/inotify/max_user_watches");
    static final Path MAX_QUEUED_EVENTS = Path.of("/proc/sys/fs/inotify/max_queued_events");

    /** What {@code watch.raiseLimits} raises {@code max_queued_events} to. */
    public static final long QUEUED_EVENTS_TARGET = 1L << 20;

    private static final InotifyLimits SYSTEM = new InotifyLimits(MAX_USER_WATCHES, MAX_QUEUED_EVENTS);

    private final Path maxUserWatches;
    private final Path maxQueuedEvents;

    /**
     * @param maxUserWatches the file holding {@code fs.inotify.max_user_watches}
     * @param maxQueuedEvents the file holding {@code fs.inotify.max_queued_events}
     */
    public InotifyLimits(Path maxUserWatches, Path maxQueuedEvents) {
        this.maxUserWatches = maxUserWatches;
        this.maxQueuedEvents = maxQueuedEvents;
    }

    /** The kernel's limits, in {@code /proc/sys/fs/inotify}. */
    public static InotifyLimits system() {
        return SYSTEM;
    }

    /** Watches one user may hold, over all its processes; empty when unreadable. */
    public OptionalLong maxUserWatches() {
        return read(maxUserWatches);
    }

    /** Events an inotify instance queues before it reports an overflow; read when an instance is created. */
    public OptionalLong maxQueuedEvents() {
        return read(maxQueuedEvents);
    }

    /** Writes {@code value} as {@code fs.inotify.max_user_watches}; needs root. */
    void setMaxUserWatches(long value) throws IOException {
        write(maxUserWatches, value);
    }

    /** Writes {@code value} as {@code fs.inotify.max_queued_events}; needs root. */
    void setMaxQueuedEvents(long value) throws IOException {
        write(maxQueuedEvents, value);
    }

    static OptionalLong read(Path file) {
        return SysctlFile.read(file);
    }

    private static void write(Path file, long value) throws IOException {
        SysctlFile.write(file, value);
    }

    /**
     * A {@code max_user_watches} value for {@code needed} watches with room to grow: a quarter more,
     * rounded up to a multiple of 1024, at least 8192.
     */
    static long suggestedWatches(long needed) {
        long withRoom = needed + needed / 4;
        return Math.max(8192, (withRoom + 1023) / 1024 * 1024);
    }

    /**
     * One line for a tree that needs more watches than the limit allows.
     *
     * @param directories directories under the roots, excluded ones left out
     * @param limit {@code max_user_watches} when registering failed
     * @param usedElsewhere watches the same user holds in other inotify instances (0 when unknown)
     */
    static String notEnoughWatches(Collection<RelPath> roots, long directories, long limit, long usedElsewhere) {
        long suggested = suggestedWatches(directories + usedElsewhere);
        return "inotify cannot watch the [" + directories + "] directories under " + roots
                + ": fs.inotify.max_user_watches is [" + limit + "]"
                + (usedElsewhere > 0 ? " and [" + usedElsewhere + "] watches are held by other inotify users" : "")
                + "; raise it as root with `sysctl -w fs.inotify.max_user_watches=" + suggested + "` (and persist it"
                + " in /etc/sysctl.d/), or set watch.raiseLimits: true and run as root, or exclude directories";
    }

    /** One line for an "inotify watch limit reached" failure after {@code watched} directories. */
    static String watchLimitAdvice(long watched) {
        OptionalLong limit = read(MAX_USER_WATCHES);
        long suggested = Math.max(1L << 20, Long.highestOneBit(Math.max(1, watched) * 2) << 1);
        return "inotify watch limit reached after [" + watched + "] directories (fs.inotify.max_user_watches = "
                + (limit.isPresent() ? String.valueOf(limit.getAsLong()) : "unknown")
                + ", shared by every process of this user): raise it as root, e.g. `sysctl -w"
                + " fs.inotify.max_user_watches=" + suggested + "` and persist it in /etc/sysctl.d/, or exclude"
                + " directories you do not need";
    }

    static boolean isWatchLimit(IOException e) {
        String m = e.getMessage();
        return m != null && m.contains("inotify watches reached");
    }
}
