package io.syncfleet.keeper.probe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.keeper.domain.ProbeResult;
import io.syncfleet.keeper.process.LocalCommandRunner;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The ssh probe with the real ssh client. */
class SshProbeIT {

    /** Nothing listens on the ssh port of an unused loopback address, or BatchMode refuses to log in: exit 255. */
    @Test
    void sshProbeOfAnUnreachableHostFails() {
        SshProbe ssh = new SshProbe(Duration.ofSeconds(2), new LocalCommandRunner(8192, 8192));
        ProbeResult r = ssh.probe(TargetUrl.parse("nobody@127.0.0.9:/srv"));
        assertFalse(r.ok());
        assertTrue(r.detail().startsWith("ssh exit 255: "), r.detail());
    }
}
