package io.syncfleet.worker.domain;

import static io.syncfleet.common.event.SyncOutcome.FATAL_CONFIG;
import static io.syncfleet.common.event.SyncOutcome.OK;
import static io.syncfleet.common.event.SyncOutcome.PARTIAL;
import static io.syncfleet.common.event.SyncOutcome.TARGET_DOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.worker.domain.RsyncOutcomeClassifier.Classification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RsyncOutcomeClassifierTest {

    /** The source.baseDir the samples in rsync-output/ were captured from (see capture.sh). */
    private static final Path CAPTURE_BASE = Path.of("/tmp/syncfleet-rsync-capture/src");

    private final RsyncOutcomeClassifier classifier = new RsyncOutcomeClassifier("rsync", CAPTURE_BASE);

    /** Classifies a real sample: its stderr and the exit code rsync really returned. */
    private Classification sample(String name) {
        int exit = Integer.parseInt(resource(name + ".exit").trim());
        return classifier.classify(exit, resource(name + ".stderr"));
    }

    private static String resource(String name) {
        try (InputStream in = RsyncOutcomeClassifierTest.class.getResourceAsStream("/rsync-output/" + name)) {
            if (in == null) {
                throw new AssertionError("missing test resource rsync-output/" + name + "; run capture.sh");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), () -> "expected [" + part + "] in [" + text + "]");
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({
        "ok,                  OK",
        "killed-daemon,       TARGET_DOWN",
        "frozen-daemon,       TARGET_DOWN",
        "mute-listener,       TARGET_DOWN",
        "max-connections,     TARGET_DOWN",
        "ssh-unknown-host,    TARGET_DOWN",
        "unknown-module,      FATAL_CONFIG",
        "auth-failed,         FATAL_CONFIG",
        "module-path-missing, FATAL_CONFIG",
        "missing-dest-dir,    FATAL_CONFIG",
        "unknown-option,      FATAL_CONFIG",
        "permission-denied,   PARTIAL",
        "receiver-mkstemp,    PARTIAL",
        "immutable-target-dir, PARTIAL",
        "full-root-missing,   PARTIAL",
        "vanished,            OK",
        "delete-parents-gone, OK",
    })
    void everyCapturedSampleIsClassified(String name, SyncOutcome expected) {
        assertEquals(expected, sample(name).outcome());
    }

    @Test
    void aCleanRunSaysNothing() {
        Classification c = sample("ok");
        assertEquals("", c.message());
        assertEquals(List.of(), c.failedPaths());
    }

    @Test
    void aKilledDaemonIsDownWithTheShortReason() {
        Classification c = sample("killed-daemon");
        assertEquals("connection refused, exit 10", c.reason());
        assertEquals("connection refused, exit 10: will retry; target keeps its offset", c.message());
    }

    @Test
    void aFrozenDaemonIsDownByTimeout() {
        assertEquals("io timeout after 2 seconds, exit 30", sample("frozen-daemon").reason());
    }

    @Test
    void anUnknownModuleNamesTheModuleAndTheFix() {
        Classification c = sample("unknown-module");
        assertContains(c.message(), "Unknown module 'www2'");
        assertContains(c.message(), "module not found on target: check targets.static[..].url");
    }

    @Test
    void aBusyDaemonIsRetriedNotFatal() {
        assertContains(sample("max-connections").message(), "max connections (1) reached");
    }

    @Test
    void failedAuthAndBrokenModulePathSayWhatToFix() {
        assertContains(sample("auth-failed").message(), "the daemon rejected the login");
        assertContains(sample("module-path-missing").message(), "fix 'path =' in its rsyncd.conf");
        assertContains(sample("missing-dest-dir").message(), "destination directory is missing");
        assertContains(sample("unknown-option").message(), "--no-such-option: unknown option");
        assertContains(sample("unknown-option").message(), "check rsync.extraArgs");
    }

    @Test
    void anUnreadableSourceFileIsPartialWithItsPathRelativeToTheBase() {
        Classification c = sample("permission-denied");
        assertEquals(List.of("private/key"), c.failedPaths());
        assertContains(c.message(), "Permission denied");
    }

    @Test
    void aReceiverTempFileFailureNamesTheRealFile() {
        assertEquals(List.of("ro/file"), sample("receiver-mkstemp").failedPaths());
    }

    @Test
    void oneRefusedFileOfTwoThroughARealDaemonNamesOnlyThatFile() {
        Classification c = sample("immutable-target-dir");
        assertEquals(List.of("locked/page.html"), c.failedPaths());
        assertContains(c.message(), "Operation not permitted");
        assertContains(c.message(), "the failed paths [locked/page.html] go to the dustbin");
    }

    @Test
    void aVanishedFileIsOkButWorthALogLine() {
        Classification c = sample("vanished");
        assertEquals(OK, c.outcome());
        assertContains(c.message(), "1 file(s) vanished");
        assertContains(c.message(), "b-vanishing");
        assertEquals(List.of(), c.failedPaths());
    }

    @Test
    void exit24WithAnErrorBesidesVanishedFilesIsPartial() {
        String stderr = """
                file has vanished: "/tmp/syncfleet-rsync-capture/src/gone"
                rsync: [sender] send_files failed to open "/tmp/syncfleet-rsync-capture/src/locked": Permission denied (13)
                rsync warning: some files vanished before they could be transferred (code 24) at main.c(1394) [sender=3.5.0]
                """;
        Classification c = classifier.classify(24, stderr);
        assertEquals(PARTIAL, c.outcome());
        assertEquals(List.of("locked"), c.failedPaths());
    }

    @Test
    void escapedBytesInFailedPathsBecomeTheLosslessForm() {
        String stderr = "rsync: [sender] link_stat \"/tmp/syncfleet-rsync-capture/src/x\\#377y\" failed: "
                + "No such file or directory (2)\n";
        assertEquals(List.of("x%FFy"), classifier.classify(23, stderr).failedPaths());
    }

    @Test
    void aMissingBinaryIsFatalWithTheFix() {
        Classification c = classifier.classify(-1, "cannot start [rsync]: Cannot run program \"rsync\": error=2, "
                + "No such file or directory");
        assertEquals(FATAL_CONFIG, c.outcome());
        assertContains(c.message(), "rsync binary [rsync] not found");
        assertContains(c.message(), "install rsync or set rsync.binary");
    }

    @Test
    void aMissingBaseDirIsFatalAndSaysSo() {
        Classification c = classifier.classify(-1, "working directory [/data/www] does not exist or is not a "
                + "directory");
        assertEquals(FATAL_CONFIG, c.outcome());
        assertContains(c.message(), "source.baseDir");
    }

    @ParameterizedTest(name = "exit {0} -> {1}")
    @CsvSource({
        "0,   OK",
        "1,   FATAL_CONFIG",
        "2,   FATAL_CONFIG",
        "3,   FATAL_CONFIG",
        "4,   FATAL_CONFIG",
        "5,   TARGET_DOWN",
        "10,  TARGET_DOWN",
        "11,  TARGET_DOWN",
        "12,  TARGET_DOWN",
        "20,  TARGET_DOWN",
        "23,  PARTIAL",
        "24,  OK",
        "30,  TARGET_DOWN",
        "35,  TARGET_DOWN",
        "255, TARGET_DOWN",
        "-1,  FATAL_CONFIG",
        "6,   TARGET_DOWN",
        "137, TARGET_DOWN",
        "99,  TARGET_DOWN",
    })
    void everyExitCodeHasAnOutcomeEvenWithoutStderr(int exit, SyncOutcome expected) {
        Classification c = classifier.classify(exit, "");
        assertEquals(expected, c.outcome());
        if (expected != OK) {
            assertTrue(c.message().contains("exit " + exit) || exit == -1, c::message);
        }
    }

    @Test
    void anUnknownCodeKeepsRsyncsLastWordsAndIsRetried() {
        Classification c = classifier.classify(137, "\nsyncfleet: killed [rsync] after the hard timeout of 300s\n");
        assertEquals(TARGET_DOWN, c.outcome());
        assertContains(c.message(), "unexpected exit 137");
        assertContains(c.message(), "hard timeout");
        assertContains(c.message(), "will retry");
    }

    @Test
    void aContimeoutIsDown() {
        Classification c = classifier.classify(35, "rsync error: timeout waiting for daemon connection (code 35) at "
                + "socket.c(278) [sender=3.5.0]\n");
        assertEquals(TARGET_DOWN, c.outcome());
        assertEquals("timeout waiting for daemon connection, exit 35", c.reason());
    }

    @Test
    void sshLoginFailuresAreConfigNotOutages() {
        Classification c = classifier.classify(255, "deploy@web2: Permission denied (publickey,password).\r\n"
                + "rsync: connection unexpectedly closed (0 bytes received so far) [sender]\n");
        assertEquals(FATAL_CONFIG, c.outcome());
        assertContains(c.message(), "install this worker's key");
    }
}
