package io.syncfleet.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.trace.PathTimeline.Delivery;
import io.syncfleet.trace.PathTimeline.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTimelineTest {

    private static final RelPath PATH = RelPath.of("site/a/page.html");
    private static final Map<String, String> STATES = Map.of("web1", "ready since 1m ago", "web2", "dead since 10s ago",
            "web3", "ready since 1m ago");

    private static ChangeBatch batch(String id, ChangeKind kind, long seen, String... paths) {
        return ChangeBatch.of(id, kind, java.util.Arrays.stream(paths).map(RelPath::of).toList(), seen, seen + 5, "src1");
    }

    private static SyncReport report(String target, List<String> batchIds, ChangeKind kind, SyncOutcome outcome,
                                     long started, long finished, String message) {
        return new SyncReport(SyncReport.SCHEMA_VERSION, target, batchIds, kind, 1, outcome, 0, message, started - 10,
                started, finished);
    }

    private static Delivery of(PathTimeline.Change c, String target) {
        return c.deliveries().stream().filter(d -> d.targetId().equals(target)).findFirst().orElseThrow();
    }

    @Test
    void keepsOnlyBatchesNamingThePathOrAnAncestorOldestFirst() {
        PathTimeline t = PathTimeline.build(PATH, 900, List.of(
                batch("b3", ChangeKind.CHANGE, 3000, "site/a"),
                batch("b1", ChangeKind.CHANGE, 1000, "site/a/page.html", "site/b.html"),
                batch("other", ChangeKind.CHANGE, 1500, "site/a/page.html.tmp", "site/ab"),
                batch("hb", ChangeKind.HEARTBEAT, 1600),
                batch("b2", ChangeKind.RESCAN, 2000, "site")), List.of(), STATES);
        assertEquals(List.of("b1", "b2", "b3"), t.changes().stream().map(c -> c.batch().batchId()).toList());
        assertEquals(RelPath.of("site"), t.changes().get(1).matched());
        assertEquals(RelPath.of("site/a"), t.latest().matched());
    }

    @Test
    void eachTargetGetsItsOwnOutcome() {
        ChangeBatch b = batch("b1", ChangeKind.CHANGE, 1000, "site/a/page.html");
        List<SyncReport> reports = List.of(
                report("web1", List.of("b0", "b1"), ChangeKind.CHANGE, SyncOutcome.OK, 1010, 1040, ""),
                report("web2", List.of("b1"), ChangeKind.CHANGE, SyncOutcome.TARGET_DOWN, 1010, 1013, "refused"),
                report("web4", List.of("b1"), ChangeKind.CHANGE, SyncOutcome.PARTIAL, 1010, 1050, "1 file failed"));
        PathTimeline t = PathTimeline.build(PATH, 990, List.of(b), reports, STATES);
        PathTimeline.Change c = t.latest();
        assertEquals(new Delivery("web1", Status.SYNCED, 1040, ""), of(c, "web1"));
        assertEquals(Status.FAILED, of(c, "web2").status());
        assertTrue(of(c, "web2").detail().contains("refused") && of(c, "web2").detail().contains("dead"),
                of(c, "web2").detail());
        assertEquals(Status.PENDING, of(c, "web3").status());
        assertEquals("target ready since 1m ago", of(c, "web3").detail());
        assertEquals(Status.PARTIAL, of(c, "web4").status(), "a target known only from reports is listed too");
        assertEquals("1 file failed", of(c, "web4").detail(), "PARTIAL keeps the run's message");
    }

    @Test
    void aBatchSyncedInSeveralRunsCountsAtTheLastSuccessfulOne() {
        ChangeBatch b = batch("b1", ChangeKind.CHANGE, 1000, "site/a/page.html");
        List<SyncReport> reports = List.of(
                report("web1", List.of("b1"), ChangeKind.CHANGE, SyncOutcome.OK, 1010, 1030, ""),
                report("web1", List.of("b1"), ChangeKind.CHANGE, SyncOutcome.TARGET_DOWN, 1040, 1045, "x"),
                report("web1", List.of("b1"), ChangeKind.CHANGE, SyncOutcome.OK, 1050, 1070, ""));
        assertEquals(1070, of(PathTimeline.build(PATH, 990, List.of(b), reports, STATES).latest(), "web1").atMillis());
    }

    @Test
    void aLaterFullSyncDeliversWhatNoRunListedButAnEarlierOneDoesNot() {
        ChangeBatch b = batch("b1", ChangeKind.CHANGE, 1000, "site/a/page.html");
        List<SyncReport> reports = List.of(
                report("web2", List.of(), ChangeKind.RESCAN, SyncOutcome.OK, 900, 1500, "full sync done"),
                report("web2", List.of(), ChangeKind.RESCAN, SyncOutcome.OK, 2000, 2600, "full sync done"),
                report("web2", List.of(), ChangeKind.RESCAN, SyncOutcome.OK, 3000, 3600, "full sync done"),
                report("web3", List.of(), ChangeKind.RESCAN, SyncOutcome.TARGET_DOWN, 2000, 2001, "refused"));
        PathTimeline.Change c = PathTimeline.build(PATH, 990, List.of(b), reports, STATES).latest();
        assertEquals(new Delivery("web2", Status.FULL_SYNC, 2600, "full sync done"), of(c, "web2"));
        assertEquals(Status.PENDING, of(c, "web3").status());
    }

    @Test
    void rendersDeltasFromTheMtimeForTheLatestChange() {
        ChangeBatch b = batch("b1", ChangeKind.CHANGE, 1_000_000, "site/a/page.html");
        List<SyncReport> reports = List.of(
                report("web1", List.of("b1"), ChangeKind.CHANGE, SyncOutcome.OK, 1_000_010, 1_000_042, ""));
        String text = TimelineText.render(PathTimeline.build(PATH, 999_990, List.of(b), reports,
                Map.of("web1", "ready", "web2", "dead since 5s ago")), 5, Instant.ofEpochMilli(0));
        assertTrue(text.contains("source mtime 1970-01-01T00:16:39.990Z"), text);
        assertTrue(text.contains("(deltas from mtime)"), text);
        assertTrue(text.matches("(?s).*seen\\s+1970-01-01T00:16:40.000Z\\s+\\+10ms.*"), text);
        assertTrue(text.matches("(?s).*published\\s+\\S+\\s+\\+15ms.*"), text);
        assertTrue(text.matches("(?s).*web1\\s+1970-01-01T00:16:40.042Z\\s+\\+52ms\\s+synced.*"), text);
        assertTrue(text.contains("web2         not synced yet: target dead since 5s ago"), text);
    }

    @Test
    void saysSoWhenNothingWasPublishedAndLimitsOldChanges() {
        String none = TimelineText.render(PathTimeline.build(PATH, -1, List.of(), List.of(), STATES), 5,
                Instant.ofEpochMilli(0));
        assertTrue(none.contains("gone at the source") && none.contains("no change of this path"), none);
        List<ChangeBatch> many = List.of(batch("b1", ChangeKind.CHANGE, 1000, "site/a/page.html"),
                batch("b2", ChangeKind.CHANGE, 2000, "site/a/page.html"),
                batch("b3", ChangeKind.CHANGE, 3000, "site/a/page.html"));
        String text = TimelineText.render(PathTimeline.build(PATH, 2990, many, List.of(), STATES), 2,
                Instant.ofEpochMilli(0));
        assertTrue(text.contains("1 earlier change not shown"), text);
        assertTrue(!text.contains("batch b1") && text.contains("batch b2") && text.contains("batch b3"), text);
    }
}
