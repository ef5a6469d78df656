package io.syncfleet.watcher.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.watcher.domain.ManifestEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest file on a real disk: round trip, atomic replacement, and what is refused. */
class ManifestStoreIT {

    private static final List<RelPath> ROOTS = List.of(RelPath.of("template"), RelPath.of("resource"));
    private static final List<String> EXCLUDES = List.of("*.tmp", ".~tmp~/");

    @TempDir
    Path state;

    private final Path base = Path.of("/srv/www");

    private static List<ManifestEntry> entries() {
        byte[] odd = TestTrees.nonUtf8Name("-odd name\n");
        return List.of(
                new ManifestEntry(RelPath.of("resource"), 0040755, 4096, 1_700_000_000_000_000_000L, 1_700_000_000_5L),
                new ManifestEntry(RelPath.of("resource").resolve(odd), 0100600, 0, 5, 6),
                new ManifestEntry(RelPath.of("resource/a.css"), 0100644, 12, 1_600_000_000_000_000_000L, 1_700_000_001L),
                new ManifestEntry(RelPath.of("template/index.html"), 0120777, 9, 1_800_000_000_000_000_000L, 7));
    }

    private static List<ManifestEntry> read(ManifestStore.Saved saved) throws IOException {
        List<ManifestEntry> out = new ArrayList<>();
        for (Iterator<ManifestEntry> it = saved.entries(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private void write(ManifestStore store, List<ManifestEntry> entries, long horizon) throws IOException {
        try (ManifestStore.Writer w = store.create()) {
            for (ManifestEntry e : entries) {
                w.add(e);
            }
            w.commit(horizon);
        }
    }

    @Test
    void entriesAndHorizonSurviveTheRoundTrip() throws IOException {
        ManifestStore store = new ManifestStore(state.resolve("watch"), base, ROOTS, EXCLUDES);
        assertTrue(store.open().isEmpty(), "no manifest yet");
        write(store, entries(), 123_456L);
        ManifestStore.Saved saved = store.open().orElseThrow();
        assertEquals(4, saved.entryCount());
        assertEquals(123_456L, saved.horizonMillis());
        List<ManifestEntry> back = read(saved);
        assertEquals(entries(), back);
        assertTrue(Arrays.equals(entries().get(1).path().bytes(), back.get(1).path().bytes()), "raw bytes kept");
        assertFalse(Files.exists(state.resolve("watch/manifest.gz.tmp")));
    }

    @Test
    void anUncommittedWriteLeavesTheSavedManifestAndNoTemporaryFile() throws IOException {
        ManifestStore store = new ManifestStore(state, base, ROOTS, EXCLUDES);
        write(store, entries(), 1L);
        try (ManifestStore.Writer w = store.create()) {
            w.add(entries().get(0)); // a crash or a stop before commit
        }
        assertEquals(entries(), read(store.open().orElseThrow()));
        assertFalse(Files.exists(state.resolve("manifest.gz.tmp")));
    }

    @Test
    void aManifestOfAnotherSourceIsIgnored() throws IOException {
        write(new ManifestStore(state, base, ROOTS, EXCLUDES), entries(), 1L);
        assertTrue(new ManifestStore(state, Path.of("/srv/other"), ROOTS, EXCLUDES).open().isEmpty());
        assertTrue(new ManifestStore(state, base, List.of(RelPath.of("template")), EXCLUDES).open().isEmpty());
        assertTrue(new ManifestStore(state, base, ROOTS, List.of("*.tmp")).open().isEmpty(), "excludes changed");
        assertTrue(new ManifestStore(state, base, ROOTS, EXCLUDES).open().isPresent());
    }

    @Test
    void aCutOrCorruptFileIsIgnored() throws IOException {
        ManifestStore store = new ManifestStore(state, base, ROOTS, EXCLUDES);
        write(store, entries(), 1L);
        byte[] whole = Files.readAllBytes(store.file());
        Files.write(store.file(), Arrays.copyOf(whole, whole.length - 9));
        assertTrue(store.open().isEmpty(), "cut short");
        byte[] flipped = whole.clone();
        flipped[whole.length / 2] ^= 0x55;
        Files.write(store.file(), flipped);
        assertTrue(store.open().isEmpty(), "corrupt");
        Files.writeString(store.file(), "not gzip");
        assertTrue(store.open().isEmpty(), "not a manifest");
    }
}
