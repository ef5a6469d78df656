package io.syncfleet.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProcessLaunchTest {

    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(ProcessLaunch.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(ProcessLaunch.PROPERTY);
        } else {
            System.setProperty(ProcessLaunch.PROPERTY, saved);
        }
    }

    @Test
    void choosesVforkOnLinuxWhenNobodyChose() {
        assumeTrue(ProcessLaunch.vforkFits(System.getProperty("os.name"), Runtime.version().feature()),
                "vfork is chosen on Linux before Java 25 only");
        System.clearProperty(ProcessLaunch.PROPERTY);
        ProcessLaunch.preferVfork();
        assertEquals("VFORK", System.getProperty(ProcessLaunch.PROPERTY));
    }

    @Test
    void vforkOnlyWhereTheJdkSupportsItWithoutAWarning() {
        assertEquals(true, ProcessLaunch.vforkFits("Linux", 17));
        assertEquals(true, ProcessLaunch.vforkFits("Linux", 24));
        assertEquals(false, ProcessLaunch.vforkFits("Linux", 25)); // deprecated: a warning on stderr
        assertEquals(false, ProcessLaunch.vforkFits("Linux", 27)); // removed
        assertEquals(false, ProcessLaunch.vforkFits("Mac OS X", 17));
    }

    @Test
    void anExplicitChoiceWins() {
        System.setProperty(ProcessLaunch.PROPERTY, "POSIX_SPAWN");
        ProcessLaunch.preferVfork();
        assertEquals("POSIX_SPAWN", System.getProperty(ProcessLaunch.PROPERTY));
    }
}
