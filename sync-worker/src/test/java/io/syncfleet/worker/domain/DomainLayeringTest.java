package io.syncfleet.worker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain package stays pure (STYLE.md): no Kafka, no processes, no file I/O. */
class DomainLayeringTest {

    private static final List<String> FORBIDDEN = List.of("org.apache.kafka", "ProcessBuilder", "java.nio.file.Files",
            "java.io.File", "io.syncfleet.worker.kafka", "io.syncfleet.worker.process", "io.syncfleet.worker.fs",
            "io.syncfleet.worker.app", "Thread.sleep", "System.currentTimeMillis", "Instant.now");

    @Test
    void domainSourcesUseNoAdapters() throws IOException {
        Path dir = Path.of("src/main/java/io/syncfleet/worker/domain");
        assertTrue(Files.isDirectory(dir), "run from the module directory: " + dir.toAbsolutePath());
        List<String> violations = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> s = Files.list(dir)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(sources.size() >= 5, "domain sources found: " + sources);
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                for (String f : FORBIDDEN) {
                    if (lines.get(i).contains(f)) {
                        violations.add(source.getFileName() + ":" + (i + 1) + " uses " + f);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
