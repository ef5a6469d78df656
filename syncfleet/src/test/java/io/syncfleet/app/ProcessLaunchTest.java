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
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "vfork is chosen on Linux only");
        System.clearProperty(ProcessLaunch.PROPERTY);
        ProcessLaunch.preferVfork();
        assertEquals("VFORK", System.getProperty(ProcessLaunch.PROPERTY));
    }

    @Test
    void anExplicitChoiceWins() {
        System.setProperty(ProcessLaunch.PROPERTY, "POSIX_SPAWN");
        ProcessLaunch.preferVfork();
        assertEquals("POSIX_SPAWN", System.getProperty(ProcessLaunch.PROPERTY));
    }
}
