package io.syncfleet.watcher.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InotifyLimitsIT {

    @Test
    void readsTheWholeSysctlValue() throws Exception {
        Assumptions.assumeTrue(Files.exists(InotifyLimits.MAX_USER_WATCHES), "no inotify sysctl here");
        Process cat = new ProcessBuilder("cat", InotifyLimits.MAX_USER_WATCHES.toString()).start();
        long expected = Long.parseLong(new String(cat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
        assertEquals(OptionalLong.of(expected), InotifyLimits.read(InotifyLimits.MAX_USER_WATCHES));
    }

    @Test
    void unreadableOrGarbageGivesEmpty(@TempDir Path dir) throws Exception {
        assertEquals(OptionalLong.empty(), InotifyLimits.read(dir.resolve("missing")));
        Path garbage = Files.writeString(dir.resolve("g"), "lots");
        assertEquals(OptionalLong.empty(), InotifyLimits.read(garbage));
    }

    @Test
    void adviceNamesTheSysctlAndAValueAboveTheCurrentCount() {
        String advice = InotifyLimits.watchLimitAdvice(3_000_000);
        assertTrue(advice.contains("fs.inotify.max_user_watches"), advice);
        assertTrue(advice.contains("sysctl -w fs.inotify.max_user_watches=8388608"), advice);
    }
}
