package io.syncfleet.common.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.CatchUpCommand;
import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.DustbinEntry;
import io.syncfleet.common.event.DustbinState;
import io.syncfleet.common.event.OffsetRange;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.event.TargetRequest;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.path.RelPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SerdeRoundTripTest {

    private static <T> T roundTrip(TopicSpec<String, T> spec, T value) {
        Serde<T> serde = spec.valueSerde();
        byte[] bytes = serde.serializer().serialize("t", value);
        return serde.deserializer().deserialize("t", bytes);
    }

    @Test
    void changeBatchKeepsRawPathBytes() {
        RelPath odd = RelPath.of(new byte[] {'a', (byte) 0xff, '\n', '%', ' '});
        ChangeBatch b = ChangeBatch.of("b1", ChangeKind.CHANGE, List.of(odd, RelPath.of("template/x.html")), 10, 11, "w");
        assertEquals(b, roundTrip(Topics.CHANGES, b));
    }

    @Test
    void targetStatusWithAndWithoutCommand() {
        TargetStatus plain = TargetStatus.of("web1", "rsync://h/www", TargetState.READY, 5, "ok");
        assertEquals(plain, roundTrip(Topics.TARGETS, plain));
        TargetStatus rec = new TargetStatus(TargetStatus.SCHEMA_VERSION, "web1", "rsync://h/www", TargetState.RECOVERY,
                5, "back", new CatchUpCommand("web1-c3", CatchUpMode.REPLAY, 7, 1000));
        assertEquals(rec, roundTrip(Topics.TARGETS, rec));
        assertEquals("web1-c3", rec.pendingCommandId());
    }

    @Test
    void syncReportAndRequest() {
        SyncReport r = new SyncReport(SyncReport.SCHEMA_VERSION, "web1", List.of("b1"), ChangeKind.RESCAN, 0,
                SyncOutcome.TARGET_DOWN, 10, "connection refused", 1, 2, 3, "web1-c1");
        assertEquals(r, roundTrip(Topics.REPORTS, r));
        TargetRequest q = new TargetRequest(TargetRequest.SCHEMA_VERSION, "r1", TargetRequest.Action.ADD, "web9",
                "rsync://h9/www", -1, "ops@host", 9);
        assertEquals(q, roundTrip(Topics.REQUESTS, q));
    }

    @Test
    void dustbinEntryAndParkedReport() {
        RelPath odd = RelPath.of(new byte[] {'r', 'o', '/', (byte) 0xfe});
        DustbinEntry e = new DustbinEntry(DustbinEntry.SCHEMA_VERSION, "e1", "web1", "rsync://h/www",
                List.of(odd, RelPath.of("ro/file")), List.of(RelPath.of("template")), List.of("b1", "b2"),
                DustbinState.WAITING, 2, 500, 100, 200, 23, "mkstemp failed");
        assertEquals(e, roundTrip(Topics.DUSTBIN, e));
        SyncReport parked = new SyncReport(SyncReport.SCHEMA_VERSION, "web1", List.of("b1"), ChangeKind.CHANGE, 2,
                SyncOutcome.PARTIAL, 23, "parked", 1, 2, 3, null, DustbinState.PARKED);
        SyncReport back = roundTrip(Topics.REPORTS, parked);
        assertEquals(parked, back);
        assertTrue(back.parksDustbinEntry());
        SyncReport live = new SyncReport(SyncReport.SCHEMA_VERSION, "web1", List.of("b1"), ChangeKind.CHANGE, 2,
                SyncOutcome.OK, 0, "", 1, 2, 3, null, null, List.of(new OffsetRange(3, 10, 12)));
        assertEquals(live, roundTrip(Topics.REPORTS, live));
        assertTrue(live.changeRanges().get(0).contains(3, 11));
    }

    @Test
    void aReportWithoutTheDustbinFieldReadsAsALiveSync() {
        byte[] old = ("{\"schemaVersion\":1,\"targetId\":\"web1\",\"batchIds\":[],\"kind\":\"CHANGE\","
                + "\"fileCount\":1,\"outcome\":\"OK\",\"exitCode\":0,\"message\":\"\"}")
                .getBytes(StandardCharsets.UTF_8);
        SyncReport r = Topics.REPORTS.valueSerde().deserializer().deserialize("t", old);
        assertNull(r.dustbin());
        assertEquals(List.of(), r.changeRanges());
        assertTrue(!r.parksDustbinEntry());
    }

    @Test
    void tombstoneIsNull() {
        assertNull(Topics.TARGETS.valueSerde().deserializer().deserialize("t", null));
        assertNull(Topics.TARGETS.valueSerde().serializer().serialize("t", null));
    }

    @Test
    void unknownVersionNamesTopicAndTheFix() {
        byte[] future = "{\"schemaVersion\":99,\"targetId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        SerializationException e = assertThrows(SerializationException.class,
                () -> Topics.TARGETS.valueSerde().deserializer().deserialize("syncfleet.targets", future));
        assertTrue(e.getMessage().contains("syncfleet.targets"), e.getMessage());
        assertTrue(e.getMessage().contains("schemaVersion 99"), e.getMessage());
        assertTrue(e.getMessage().contains("upgrade"), e.getMessage());
    }

    @Test
    void theVersionIsFoundWhereverItStandsAndChecked() {
        byte[] late = ("{\"targetId\":\"web1\",\"batchIds\":[\"a\",{\"schemaVersion\":99}],\"kind\":\"CHANGE\","
                + "\"fileCount\":1,\"outcome\":\"OK\",\"exitCode\":0,\"message\":\"\",\"schemaVersion\":1}")
                .getBytes(StandardCharsets.UTF_8);
        // the nested schemaVersion 99 is not the record's: only the top level counts
        SerializationException nested = assertThrows(SerializationException.class,
                () -> Topics.REPORTS.valueSerde().deserializer().deserialize("t", late));
        assertTrue(nested.getMessage().contains("cannot decode"), nested.getMessage());

        byte[] lateFuture = "{\"targetId\":\"x\",\"schemaVersion\":7}".getBytes(StandardCharsets.UTF_8);
        SerializationException future = assertThrows(SerializationException.class,
                () -> Topics.TARGETS.valueSerde().deserializer().deserialize("t", lateFuture));
        assertTrue(future.getMessage().contains("schemaVersion 7"), future.getMessage());

        byte[] lateKnown = ("{\"targetId\":\"web1\",\"batchIds\":[],\"kind\":\"CHANGE\",\"fileCount\":1,"
                + "\"outcome\":\"OK\",\"exitCode\":0,\"message\":\"\",\"schemaVersion\":1}")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("web1", Topics.REPORTS.valueSerde().deserializer().deserialize("t", lateKnown).targetId());
    }

    @Test
    void truncatedPayloadFailsAfterItsVersionWasRead() {
        byte[] cut = "{\"schemaVersion\":1,\"targetId\":\"web1\",\"batch".getBytes(StandardCharsets.UTF_8);
        SerializationException e = assertThrows(SerializationException.class,
                () -> Topics.REPORTS.valueSerde().deserializer().deserialize("syncfleet.reports", cut));
        assertTrue(e.getMessage().contains("cannot decode SyncReport"), e.getMessage());
    }

    @Test
    void garbageFailsWithTopic() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> Topics.CHANGES.valueSerde().deserializer().deserialize("syncfleet.changes",
                        "not json".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("syncfleet.changes"), e.getMessage());
    }

    @Test
    void catalogNamesAndGroups() {
        Topics t = new Topics("sf", 6);
        assertEquals("sf.changes", t.name(Topics.CHANGES));
        assertEquals(6, t.partitions(Topics.CHANGES));
        assertEquals(1, t.partitions(Topics.REQUESTS));
        assertEquals("sf.target.web1", t.targetGroup("web1"));
        assertTrue(Topics.isValidTargetId("web-1.a_b"));
        assertTrue(!Topics.isValidTargetId("-web") && !Topics.isValidTargetId("a b") && !Topics.isValidTargetId(""));
    }

    @Test
    void partitionOfAPathIsStable() {
        RelPath p = RelPath.of("template/index.html");
        int a = ChangePartitioner.partitionOf(p, 12);
        assertEquals(a, ChangePartitioner.partitionOf(RelPath.of("./template/index.html"), 12));
        assertTrue(a >= 0 && a < 12);
    }
}
