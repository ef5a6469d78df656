package io.syncfleet.keeper.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetCommandOutputTest {

    @Test
    void goodLinesInOrderWithTheirLineNumbers() {
        FleetCommandOutput out = FleetCommandOutput.parse("# fleet of 2026-11-23\n\nweb1 rsync://10.0.0.1/www\n"
                + "  web2\t rsync://10.0.0.2:8873/www/sub  \r\ndb.backup-1 backup@10.0.0.9:/srv/www\n");
        assertEquals(List.of("web1", "web2", "db.backup-1"), List.copyOf(out.targets().keySet()));
        assertEquals(3, out.targets().get("web1").line());
        assertEquals(4, out.targets().get("web2").line());
        assertEquals(8873, out.targets().get("web2").url().port());
        assertEquals("rsync://10.0.0.2:8873/www/sub", out.targets().get("web2").url().original());
        assertTrue(out.targets().get("db.backup-1").url().user().equals("backup"));
        assertEquals(List.of(), out.problems());
        assertEquals(Set.of(), out.unreadable());
    }

    @Test
    void emptyOutputIsAnEmptyFleet() {
        FleetCommandOutput out = FleetCommandOutput.parse("");
        assertTrue(out.targets().isEmpty());
        assertEquals(List.of(), out.problems());
    }

    @Test
    void badLinesAreProblemsWithTheirNumberAndAreIgnored() {
        FleetCommandOutput out = FleetCommandOutput.parse(String.join("\n",
                "web1 rsync://10.0.0.1/www",
                "web2",
                "-bad rsync://10.0.0.3/www",
                "web4 http://10.0.0.4/www",
                "web5 rsync://10.0.0.5/www extra",
                "web1 rsync://10.0.0.99/www",
                "web6 rsync://10.0.0.6/www"));
        assertEquals(List.of("web1", "web6"), List.copyOf(out.targets().keySet()));
        assertEquals("rsync://10.0.0.1/www", out.targets().get("web1").url().original(), "the first line wins");
        assertEquals(List.of(
                "line 2: expected 'id url', got 1 field: 'web2'",
                "line 3: '-bad' is not a valid target id (letters, digits, '.', '_', '-', at most 100, starting with"
                        + " a letter or digit)",
                "line 4: target [web4]: unsupported scheme 'http' in 'http://10.0.0.4/www'; expected rsync://host[:port]/module"
                        + " or user@host:/path",
                "line 5: expected 'id url', got 3 fields: 'web5 rsync://10.0.0.5/www extra'",
                "line 6: target [web1] is listed again (first on line 1); this line is ignored"), out.problems());
        assertEquals(Set.of("web2", "web4", "web5"), out.unreadable(),
                "valid ids on bad lines are left as they are, never removed for a typo");
    }

    @Test
    void aGoodLineAfterABadOneForTheSameIdCounts() {
        FleetCommandOutput out = FleetCommandOutput.parse("web1 nonsense\nweb1 rsync://10.0.0.1/www\n");
        assertEquals(Set.of("web1"), out.targets().keySet());
        assertEquals(Set.of(), out.unreadable());
        assertEquals(1, out.problems().size());
    }

    @Test
    void oddBytesAndLongLinesAreShownSafely() {
        String longId = "x".repeat(200);
        FleetCommandOutput out = FleetCommandOutput.parse(longId + " rsync://h/www\nw\u0001b rsync://h/www\n");
        assertTrue(out.problems().get(0).startsWith("line 1: '" + "x".repeat(80) + "...'"), out.problems().get(0));
        assertTrue(out.problems().get(1).startsWith("line 2: 'w?b'"), out.problems().get(1));
    }
}
