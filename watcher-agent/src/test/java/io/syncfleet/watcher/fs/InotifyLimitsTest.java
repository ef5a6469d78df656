package io.syncfleet.watcher.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.syncfleet.common.path.RelPath;
import java.util.List;
import org.junit.jupiter.api.Test;

class InotifyLimitsTest {

    @Test
    void suggestionLeavesAQuarterMoreRoundedToAKibi() {
        assertEquals(1_250_304, InotifyLimits.suggestedWatches(1_000_000));
        assertEquals(8192, InotifyLimits.suggestedWatches(5));
    }

    @Test
    void notEnoughWatchesIsOneLineWithTheExactSysctl() {
        String line = InotifyLimits.notEnoughWatches(List.of(RelPath.of("www")), 1_000_000, 192_536, 0);
        assertEquals("inotify cannot watch the [1000000] directories under [www]: fs.inotify.max_user_watches is"
                + " [192536]; raise it as root with `sysctl -w fs.inotify.max_user_watches=1250304` (and persist it in"
                + " /etc/sysctl.d/), or set watch.raiseLimits: true and run as root, or exclude directories", line);
        String shared = InotifyLimits.notEnoughWatches(List.of(RelPath.BASE), 190_000, 192_536, 10_000);
        assertEquals("inotify cannot watch the [190000] directories under [.]: fs.inotify.max_user_watches is"
                + " [192536] and [10000] watches are held by other inotify users; raise it as root with"
                + " `sysctl -w fs.inotify.max_user_watches=250880` (and persist it in /etc/sysctl.d/), or set"
                + " watch.raiseLimits: true and run as root, or exclude directories", shared);
    }
}
