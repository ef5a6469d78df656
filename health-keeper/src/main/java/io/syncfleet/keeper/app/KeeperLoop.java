package io.syncfleet.keeper.app;

import io.syncfleet.keeper.app.KeeperEvent.FleetListed;
import io.syncfleet.keeper.app.KeeperEvent.ProbeDone;
import io.syncfleet.keeper.app.KeeperEvent.Reported;
import io.syncfleet.keeper.app.KeeperEvent.Requested;
import io.syncfleet.keeper.domain.ProbeResult;
import io.syncfleet.keeper.domain.TargetHealth;
import io.syncfleet.keeper.probe.ProbeRunner;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keeper's thread, the only one that touches the {@link Fleet}. Other threads hand it
 * {@link KeeperEvent}s through a queue: probe results (from the probe pool), workers' reports, operators'
 * requests and the output of {@code targets.command}. Between events it starts the probes that are due,
 * and sleeps until the next one is due or an event arrives. An event that fails is logged and the loop
 * goes on.
 *
 * <p>{@link #submit}, {@link #stop} and {@link #healths} are safe from any thread.
 */
final class KeeperLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(KeeperLoop.class);

    /** The loop wakes at least this often even with nothing due (it also checks whether to stop). */
    private static final long MAX_WAIT_MILLIS = 1_000;

    private final Fleet fleet;
    private final ProbeRunner probes;
    private final Clock clock;
    private final BlockingQueue<KeeperEvent> events = new LinkedBlockingQueue<>();
    private volatile boolean running = true;
    private volatile List<TargetHealth> healths;

    /** @param fleet restored already: from now on only this loop's thread uses it */
    KeeperLoop(Fleet fleet, ProbeRunner probes, Clock clock) {
        this.fleet = fleet;
        this.probes = probes;
        this.clock = clock;
        this.healths = fleet.healths();
    }

    /** Hands an event to the loop. */
    void submit(KeeperEvent event) {
        events.add(event);
    }

    /** Every target's health as of the end of the loop's last round, by id. */
    List<TargetHealth> healths() {
        return healths;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        try {
            while (running) {
                startDueProbes();
                healths = fleet.healths();
                long now = clock.millis();
                long wait = Math.max(0, fleet.nextProbeAt(now + MAX_WAIT_MILLIS) - now);
                KeeperEvent event = events.poll(wait, TimeUnit.MILLISECONDS);
                while (event != null && running) {
                    handle(event);
                    event = events.poll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("keeper loop stopped");
    }

    private void startDueProbes() {
        for (Fleet.DueProbe p : fleet.dueProbes(clock.millis())) {
            if (p.target() == null) {
                submit(new ProbeDone(p.id(), p.url(), ProbeResult.failed("not a valid target url: " + p.url())));
            } else {
                probes.probe(p.id(), p.target()).thenAccept(r -> submit(new ProbeDone(p.id(), p.url(), r)));
            }
        }
    }

    private void handle(KeeperEvent event) {
        try {
            if (event instanceof ProbeDone p) {
                fleet.probed(p.targetId(), p.url(), p.result());
            } else if (event instanceof Reported r) {
                fleet.reported(r.report());
            } else if (event instanceof Requested r) {
                try {
                    fleet.requested(r.request());
                } finally {
                    r.done().complete(null);
                }
            } else if (event instanceof FleetListed f) {
                fleet.listed(f.output());
            }
        } catch (RuntimeException e) {
            LOG.error("keeper: handling {} failed; going on", event, e);
        }
    }
}
