package io.syncfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.DustbinEntry;
import io.syncfleet.common.event.DustbinState;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.kafka.DustbinReader;
import io.syncfleet.testkit.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code syncfleet dustbin list|retry|drop} against a real broker. */
class DustbinCommandIT {

    @TempDir
    Path tmp;

    private Path config;
    private Topics topics;

    @BeforeEach
    void setUp() throws Exception {
        String prefix = TestBroker.uniquePrefix();
        topics = TestBroker.installTopics(prefix, 2);
        config = tmp.resolve("syncfleet.yml");
        Files.writeString(config, "kafka: {bootstrap: \"" + TestBroker.shared().bootstrapServers() + "\", topicPrefix: "
                + prefix + ", partitions: 2}\nsource: {baseDir: " + tmp + "}\n");
        try (KafkaProducer<String, DustbinEntry> p = new KafkaProducer<>(TestBroker.shared().clients()
                .producer("it"), Topics.DUSTBIN.keySerde().serializer(), Topics.DUSTBIN.valueSerde().serializer())) {
            for (DustbinEntry e : List.of(entry("aaaaaaaa-1", "web1", DustbinState.WAITING, 1),
                    entry("bbbbbbbb-2", "web1", DustbinState.PARKED, 8),
                    entry("cccccccc-3", "web2", DustbinState.PARKED, 8),
                    entry("dddddddd-4", "web2", DustbinState.DONE, 2))) {
                p.send(new ProducerRecord<>(topics.name(Topics.DUSTBIN), e.targetId(), e)).get();
            }
        }
    }

    private static DustbinEntry entry(String id, String target, DustbinState state, int attempts) {
        return new DustbinEntry(DustbinEntry.SCHEMA_VERSION, id, target, "rsync://127.0.0.1:1/www",
                List.of(RelPath.of("ro/" + id + ".html"), RelPath.of("ro/b")), List.of(), List.of("b-" + id), state,
                attempts, state == DustbinState.WAITING ? System.currentTimeMillis() + 60_000 : 0, 1000, 2000, 23,
                "mkstemp failed");
    }

    private Map<String, DustbinEntry> latest() {
        return new DustbinReader(TestBroker.shared().clients(), topics).read().stream()
                .collect(Collectors.toMap(DustbinEntry::entryId, Function.identity()));
    }

    private CliTest.Result run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return CliTest.run(all);
    }

    @Test
    void listShowsOpenEntriesAndFiltersByTarget() {
        CliTest.Result r = run("dustbin", "list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("aaaaaaaa-1  web1    waiting"), r.out());
        assertTrue(r.out().contains("ro/aaaaaaaa-1.html +1 more"), r.out());
        assertTrue(r.out().contains("bbbbbbbb-2  web1    parked"), r.out());
        assertTrue(r.out().contains("cccccccc-3"), r.out());
        assertFalse(r.out().contains("dddddddd-4"), "done entries only with --all: " + r.out());

        CliTest.Result web2 = run("dustbin", "list", "--target", "web2", "--all");
        assertFalse(web2.out().contains("web1"), web2.out());
        assertTrue(web2.out().contains("dddddddd-4  web2    done"), web2.out());
    }

    @Test
    void retryRequeuesParkedEntriesAndDropForgetsNamedOnes() {
        CliTest.Result retry = run("dustbin", "retry", "--target", "web1");
        assertEquals(0, retry.code(), retry.err());
        assertTrue(retry.out().contains("requeued 1 entry"), retry.out());
        Map<String, DustbinEntry> now = latest();
        assertEquals(DustbinState.WAITING, now.get("bbbbbbbb-2").state());
        assertEquals(0, now.get("bbbbbbbb-2").attempts());
        assertTrue(now.get("bbbbbbbb-2").notBeforeMillis() <= System.currentTimeMillis());
        assertEquals(1, now.get("aaaaaaaa-1").attempts(), "a waiting entry is left alone without its id");
        assertEquals(DustbinState.PARKED, now.get("cccccccc-3").state(), "another target's entry is left alone");

        CliTest.Result drop = run("dustbin", "drop", "cccccc");
        assertEquals(0, drop.code(), drop.err());
        assertEquals(DustbinState.DROPPED, latest().get("cccccccc-3").state());
    }

    @Test
    void mistakesGetOneLine() {
        CliTest.Result noWhat = run("dustbin", "drop");
        assertEquals(2, noWhat.code());
        assertTrue(noWhat.err().contains("name the ENTRY ids to drop, or --target ID"), noWhat.err());
        CliTest.Result unknown = run("dustbin", "retry", "zzzzzzzz");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("dustbin entry 'zzzzzzzz': no open entry has this id"), unknown.err());
        assertFalse(unknown.err().contains("\tat "), unknown.err());
    }
}
