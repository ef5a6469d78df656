package io.syncfleet.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.syncfleet.common.config.ConfigNode.Entry;
import io.syncfleet.common.config.ConfigNode.ListNode;
import io.syncfleet.common.config.ConfigNode.MapNode;
import io.syncfleet.common.config.ConfigNode.ScalarNode;
import io.syncfleet.common.path.RelPath;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfilesTest {

    private final Path file = Configs.resource("profiles.yaml");

    @Test
    void prodIsDeepMergedOverTheBase() {
        SyncfleetConfig c = ConfigLoader.load(file, "prod", Map.of());
        assertEquals("kafka1:9092,kafka2:9092", c.kafka().bootstrap());
        assertEquals("syncfleet", c.kafka().topicPrefix(), "keys the profile does not name stay");
        assertEquals(Map.of("security.protocol", "SASL_SSL", "client.rack", "rack1"), c.kafka().properties(),
                "maps merge key by key");
        assertEquals(List.of(RelPath.of("template")), c.source().paths(), "lists replace");
        assertEquals(Path.of("/data/www"), c.source().baseDir());
        assertEquals(80, c.rsync().maxProcesses());
        assertEquals(List.of("web1", "web2"), c.targets().staticTargets().stream().map(TargetConfig::id).toList());
        assertEquals("info", c.log().level());
    }

    @Test
    void devAndNoProfile() {
        SyncfleetConfig dev = ConfigLoader.load(file, "dev", Map.of());
        SyncfleetConfig base = ConfigLoader.load(file, null, Map.of());
        assertEquals("debug", dev.log().level());
        assertEquals("info", base.log().level());
        assertEquals(base.kafka(), dev.kafka());
        assertEquals(List.of("dev1"), base.targets().staticTargets().stream().map(TargetConfig::id).toList());
        assertEquals(Map.of("security.protocol", "PLAINTEXT", "client.rack", "rack1"), base.kafka().properties());
    }

    @Test
    void unknownProfileListsTheKnownOnes() {
        assertEquals(List.of("profiles: unknown profile 'staging'; known profiles: dev, prod (line 14)"),
                Configs.problems(file, "staging", Map.of()));
    }

    @Test
    void profileWithoutProfilesSection() {
        assertEquals(List.of("profiles: unknown profile 'prod': the config defines no profiles"),
                Configs.problems("source: {baseDir: /x}\n", "prod", Map.of()));
    }

    @Test
    void problemsInAProfilePointToTheProfilesLines() {
        List<String> problems = Configs.problems("""
                source: {baseDir: /x}
                rsync:
                  maxInit: 4
                profiles:
                  prod:
                    rsync:
                      maxProcesses: 0
                      maxInitt: 1
                """, "prod", Map.of());
        assertEquals(List.of(
                "rsync.maxProcesses: must be between 1 and 10000, got 0 (line 7)",
                "rsync.maxInitt: unknown key; did you mean rsync.maxInit? (line 8)"), problems);
    }

    @Test
    void typosInProfilesNotSelectedAreStillErrors() {
        List<String> problems = Configs.problems("""
                source: {baseDir: /x}
                profiles:
                  prod:
                    kafka: {bootstrp: "k:9092"}
                  dev: 3
                """, null, Map.of());
        assertEquals(List.of(
                "profiles.prod.kafka.bootstrp: unknown key; did you mean kafka.bootstrap? (line 4)",
                "profiles.dev: expected a map of sections, got '3' (line 5)"), problems);
    }

    @Test
    void emptyProfileIsAllowed() {
        assertEquals("/x", ConfigLoader.loadString("source: {baseDir: /x}\nprofiles: {dev: }\n", Path.of("/"), "dev",
                Map.of()).source().baseDir().toString());
    }

    @Test
    void mergeIsRecursiveForMapsAndReplacesEverythingElse() {
        MapNode base = map(entry("a", map(entry("x", scalar("1", 1)), entry("y", list(2, "p", "q")))),
                entry("b", scalar("keep", 3)));
        MapNode over = map(entry("a", map(entry("y", list(10, "r")), entry("z", scalar("new", 11)))),
                entry("c", scalar("added", 12)));
        MapNode merged = ProfileMerger.merge(base, over);

        MapNode a = (MapNode) merged.get("a");
        assertEquals(scalar("1", 1), a.get("x"));
        assertEquals(list(10, "r"), a.get("y"));
        assertEquals(scalar("new", 11), a.get("z"));
        assertEquals(scalar("keep", 3), merged.get("b"));
        assertEquals(scalar("added", 12), merged.get("c"));
        assertEquals(List.of("a", "b", "c"), merged.entries().stream().map(Entry::key).toList());
    }

    private static MapNode map(Entry... entries) {
        return new MapNode(List.of(entries), "line 1");
    }

    private static Entry entry(String key, ConfigNode value) {
        return new Entry(key, value.where(), value);
    }

    private static ScalarNode scalar(String value, int line) {
        return new ScalarNode(value, ConfigNode.line(line));
    }

    private static ListNode list(int line, String... items) {
        return new ListNode(List.of(items).stream().map(i -> (ConfigNode) scalar(i, line)).toList(), ConfigNode.line(line));
    }
}
