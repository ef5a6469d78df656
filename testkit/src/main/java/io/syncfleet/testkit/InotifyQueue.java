package io.syncfleet.testkit;

import io.syncfleet.common.sys.SysctlFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The machine-wide {@code fs.inotify.max_queued_events}, which a new inotify instance reads once, when it is
 * created. Tests that lower it on purpose read, lower and restore it here, and the tests of the watch backends
 * put it back to the kernel's default before they start one.
 *
 * <p>It is read whole ({@link SysctlFile}): tests that read it with {@code Files.readString} saw only its first
 * digit, restored that, and left the limit at 1 or 3 on the build machine, so every watcher after them
 * overflowed at the first burst.
 */
public final class InotifyQueue {

    public static final Path FILE = Path.of("/proc/sys/fs/inotify/max_queued_events");
    /** The kernel's default. */
    public static final long DEFAULT = 16_384;

    private InotifyQueue() {
    }

    /** The limit now (read whole, see {@link SysctlFile#read}); empty where it cannot be read (not Linux). */
    public static OptionalLong read() {
        return SysctlFile.read(FILE);
    }

    /** True when this process may change the limit (root). */
    public static boolean writable() {
        return read().isPresent() && Files.isWritable(FILE);
    }

    /** Sets the limit; needs root. */
    public static void write(long value) throws IOException {
        SysctlFile.write(FILE, value);
    }

    /** Raises the limit to {@link #DEFAULT} when it is lower and this process may write it (root); else nothing. */
    public static void atLeastDefault() {
        OptionalLong now = read();
        if (now.isPresent() && now.getAsLong() < DEFAULT && Files.isWritable(FILE)) {
            try {
                write(DEFAULT);
                System.err.println("testkit: fs.inotify.max_queued_events was " + now.getAsLong() + "; set to "
                        + DEFAULT);
            } catch (IOException e) {
                // the tests that need a normal queue fail with their own message
            }
        }
    }
}
