package io.syncfleet.keeper.probe;

import io.syncfleet.common.config.HealthConfig;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.keeper.domain.ProbeResult;
import io.syncfleet.keeper.process.CommandRunner;
import java.util.Objects;

/** Probes any target by the kind of its URL: {@code rsync://} with one probe, {@code [user@]host:/path} with the other. */
public final class TargetProbe implements Probe {

    private final Probe daemonProbe;
    private final Probe sshProbe;

    public TargetProbe(Probe daemonProbe, Probe sshProbe) {
        this.daemonProbe = Objects.requireNonNull(daemonProbe, "daemonProbe");
        this.sshProbe = Objects.requireNonNull(sshProbe, "sshProbe");
    }

    /**
     * {@link RsyncDaemonProbe} and {@link SshProbe} (running {@code ssh} from PATH with {@code commands}) with
     * {@code health.probeTimeout}.
     */
    public static TargetProbe of(HealthConfig health, CommandRunner commands) {
        return new TargetProbe(new RsyncDaemonProbe(health.probeTimeout()), new SshProbe(health.probeTimeout(), commands));
    }

    @Override
    public ProbeResult probe(TargetUrl target) {
        return target.daemon() ? daemonProbe.probe(target) : sshProbe.probe(target);
    }
}
