package io.syncfleet.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Processes the bench started that must not outlive it (syncfleet, lsyncd, rsync daemons): when the bench's
 * JVM ends without closing them (Ctrl-C, a kill, {@code System.exit} after an error), one shutdown hook
 * kills what is still running, with its descendants (syncfleet's and lsyncd's rsyncs).
 */
final class OnExit {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : RUNNING) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }, "bench-on-exit"));
    }

    private OnExit() {
    }

    /** Kills {@code p} when the JVM ends, unless {@link #forget} was called first; returns {@code p}. */
    static Process kill(Process p) {
        RUNNING.add(p);
        return p;
    }

    /** {@code p} was stopped by its owner. */
    static void forget(Process p) {
        RUNNING.remove(p);
    }
}
