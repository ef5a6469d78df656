package io.syncfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.app.TargetView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTableTest {

    private static final Instant NOW = Instant.ofEpochMilli(1_000_000_000L);

    @Test
    void rendersOneRowPerTargetWithLagAgeAndReason() {
        String table = StatusTable.render(List.of(
                new TargetView("web1", "rsync://h1/www", "ready", NOW.toEpochMilli() - 5_000, "catch-up ok", 0, 0,
                        NOW.toEpochMilli() - 1_000, null),
                new TargetView("web2", "rsync://h2/www", "dead", NOW.toEpochMilli() - 300_000,
                        "3/5 probes failed: connection refused", 42, 310_000, 0, "target down, exit 10")), NOW);
        String[] lines = table.split("\n");
        assertEquals(3, lines.length, table);
        assertTrue(lines[0].startsWith("TARGET"), table);
        assertTrue(lines[1].matches("web1 +ready +5s ago +0 +- +1s ago +rsync://h1/www +catch-up ok"), lines[1]);
        assertTrue(lines[2].matches("web2 +dead +5m ago +42 +5m +never +rsync://h2/www +3/5 probes failed: "
                + "connection refused; last error: target down, exit 10"), lines[2]);
    }

    @Test
    void emptyFleetSaysWhatToCheck() {
        assertTrue(StatusTable.render(List.of(), NOW).contains("targets.static"));
    }

    @Test
    void ages() {
        assertEquals("850ms", StatusTable.age(850));
        assertEquals("42s", StatusTable.age(42_000));
        assertEquals("17m", StatusTable.age(17 * 60_000));
        assertEquals("5h", StatusTable.age(5 * 3_600_000));
        assertEquals("-", StatusTable.ago(0, NOW));
    }
}
