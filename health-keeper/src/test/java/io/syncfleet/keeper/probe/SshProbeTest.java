package io.syncfleet.keeper.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.keeper.domain.ProbeResult;
import io.syncfleet.keeper.process.CommandResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SshProbeTest {

    private static final TargetUrl BACKUP = TargetUrl.parse("sync@backup1:/srv/www");

    /** Every command the probe ran, with its deadline. */
    private final List<List<String>> commands = new ArrayList<>();
    private final List<Duration> limits = new ArrayList<>();

    private SshProbe probe(Duration timeout, CommandResult answer) {
        return new SshProbe(timeout, (argv, env, limit) -> {
            assertEquals(Map.of(), env, "ssh runs in the keeper's own environment");
            commands.add(argv);
            limits.add(limit);
            return answer;
        });
    }

    @Test
    void runsSshInBatchModeWithTheTimeoutAndTwiceItAsDeadline() {
        ProbeResult r = probe(Duration.ofSeconds(2), new CommandResult(0, false, "", "")).probe(BACKUP);
        assertEquals(ProbeResult.ok("ssh ok"), r);
        assertEquals(List.of(List.of("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=2", "--", "sync@backup1",
                "true")), commands);
        assertEquals(List.of(Duration.ofSeconds(4)), limits);
    }

    @ParameterizedTest(name = "{0} -> ConnectTimeout={1}")
    @CsvSource({"100, 1", "1000, 1", "1001, 2", "1500, 2", "2000, 2", "60000, 60"})
    void connectTimeoutIsWholeSecondsRoundedUp(long millis, int seconds) {
        SshProbe p = probe(Duration.ofMillis(millis), new CommandResult(0, false, "", ""));
        assertEquals("ConnectTimeout=" + seconds, p.command(BACKUP).get(4));
    }

    @Test
    void hostWithoutUserAndAnotherPort() {
        TargetUrl plain = new TargetUrl("web1:/srv", false, null, "web1", 2222, null, "/srv");
        assertEquals(List.of("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=2", "-p", "2222", "--", "web1", "true"),
                probe(Duration.ofSeconds(2), null).command(plain));
    }

    @Test
    void failureCarriesSshsOwnLastLine() {
        String out = "Warning: something\nssh: connect to host backup1 port 22: Connection refused\r\n";
        assertEquals(ProbeResult.failed("ssh exit 255: ssh: connect to host backup1 port 22: Connection refused"),
                probe(Duration.ofSeconds(2), new CommandResult(255, false, "", out)).probe(BACKUP));
        assertEquals(ProbeResult.failed("ssh exit 1"),
                probe(Duration.ofSeconds(2), new CommandResult(1, false, "", "  \n")).probe(BACKUP));
    }

    @Test
    void hungSshFailsAtItsDeadline() {
        assertEquals(ProbeResult.failed("ssh did not finish within 3s"),
                probe(Duration.ofMillis(1500), new CommandResult(-1, true, "", "")).probe(BACKUP));
    }

    @Test
    void sshThatCannotStartFails() {
        SshProbe p = new SshProbe(Duration.ofSeconds(2), (argv, env, limit) -> {
            throw new IOException("Cannot run program \"ssh\": error=2, No such file or directory");
        });
        assertEquals(ProbeResult.failed("cannot run ssh: Cannot run program \"ssh\": error=2, No such file or directory"),
                p.probe(BACKUP));
    }

    @Test
    void daemonTargetsAreNotForSsh() {
        SshProbe p = probe(Duration.ofSeconds(2), null);
        assertThrows(IllegalArgumentException.class, () -> p.probe(TargetUrl.parse("rsync://h/www")));
    }

    @Test
    void targetProbeDispatchesByUrlKind() {
        TargetProbe p = new TargetProbe(t -> ProbeResult.ok("daemon " + t.host()), t -> ProbeResult.ok("ssh " + t.host()));
        assertEquals("daemon h1", p.probe(TargetUrl.parse("rsync://h1/www")).detail());
        assertEquals("ssh backup1", p.probe(BACKUP).detail());
    }
}
