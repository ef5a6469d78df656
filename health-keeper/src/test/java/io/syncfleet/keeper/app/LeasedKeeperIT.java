package io.syncfleet.keeper.app;

import static io.syncfleet.common.event.TargetState.DEAD;
import static io.syncfleet.common.event.TargetState.READY;
import static io.syncfleet.keeper.app.KeeperFixture.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.TargetConfig;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.config.TargetsConfig;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.testkit.RsyncDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two keepers of one fleet: one is active, the other stands by (probes nothing, publishes nothing) and takes
 * over the fleet when the active one stops.
 */
class LeasedKeeperIT {

    @TempDir
    Path dir;

    private KeeperFixture fx;
    private RsyncDaemon web1;
    private final List<LeasedKeeper> keepers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fx = new KeeperFixture(dir);
        web1 = fx.daemon("web1");
        fx.seed(TargetStatus.of("web1", web1.url(), READY, System.currentTimeMillis(), "seeded ready"));
    }

    @AfterEach
    void tearDown() throws Exception {
        keepers.forEach(LeasedKeeper::close);
        fx.close();
    }

    private LeasedKeeper start() throws Exception {
        SyncfleetConfig config = fx.config(new TargetsConfig(List.of(new TargetConfig("web1",
                TargetUrl.parse(web1.url())))));
        LeasedKeeper k = new LeasedKeeper(config, fx.topics, fx.clients, Clock.systemUTC());
        keepers.add(k);
        k.start();
        return k;
    }

    /** Connections the daemon logged: each probe is one. */
    private static long connects(RsyncDaemon d) throws IOException {
        return Files.readAllLines(d.logFile()).stream().filter(l -> l.contains("connect from")).count();
    }

    @Test
    void theSecondKeeperStandsByAndTakesOverWhenTheActiveOneStops() throws Exception {
        LeasedKeeper first = start();
        assertTrue(first.active(), "the only keeper is the active one as soon as start() returns");
        await("the active keeper probes web1").atMost(WAIT).until(() -> first.status().size() == 1);

        LeasedKeeper second = start();
        assertFalse(second.active(), "a second keeper stands by");
        assertEquals(List.of(), second.status());
        assertTrue(first.active(), "and the first stays active: a joining standby takes nothing from it");

        first.close();
        assertFalse(first.active());
        await("the standby takes over").atMost(WAIT).until(second::active);
        await("and knows web1").atMost(WAIT).until(() -> second.status().size() == 1);
        long probes = connects(web1);
        await("the new active keeper probes web1").atMost(WAIT).until(() -> connects(web1) >= probes + 2);

        web1.kill();
        await("the new active keeper takes web1 through its states").atMost(WAIT)
                .until(() -> fx.targets.isIn("web1", DEAD));
    }

    @Test
    void aReloadRestartsTheActiveKeeperWithoutGivingUpTheLease() throws Exception {
        LeasedKeeper first = start();
        LeasedKeeper second = start();
        first.reload(fx.config(new TargetsConfig(List.of(new TargetConfig("web1", TargetUrl.parse(web1.url())),
                new TargetConfig("web2", TargetUrl.parse(web1.url()))))));
        assertTrue(first.active());
        assertFalse(second.active());
        await("the reloaded keeper adds web2").atMost(WAIT).until(() -> fx.targets.latest("web2") != null);
    }
}
