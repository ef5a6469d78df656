package io.syncfleet.watcher.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The kernel's inotify limits, read from {@code /proc}, and advice on raising them. */
final class InotifyLimits {

    static final Path MAX_USER_WATCHES = Path.of("/proc/sys/fs/inotify/max_user_watches");
    static final Path MAX_QUEUED_EVENTS = Path.of("/proc/sys/fs/inotify/max_queued_events");

    private InotifyLimits() {
    }

    /**
     * Reads a sysctl value in one read: sysctl files may answer a read at a non-zero offset with EOF,
     * so the small first read of {@code Files.readAllBytes} would see only the first digit.
     */
    static OptionalLong read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64];
            int n = in.read(buf);
            return n <= 0 ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(new String(buf, 0, n, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
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
