package io.syncfleet.keeper.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The keeper's domain package stays pure (STYLE.md): no Kafka, no processes, no file I/O, no wall clock. */
class DomainLayeringTest {

    private static final List<String> FORBIDDEN = List.of("org.apache.kafka", "ProcessBuilder", "java.nio.file",
            "java.io.File", "java.net", "io.syncfleet.keeper.kafka", "io.syncfleet.keeper.process",
            "io.syncfleet.keeper.probe", "io.syncfleet.keeper.app", "Thread.sleep", "System.currentTimeMillis",
            "System.nanoTime", "Instant.now", "Clock.system");

    @Test
    void domainSourcesUseNoAdapters() throws IOException {
        Path dir = Path.of("src/main/java/io/syncfleet/keeper/domain");
        assertTrue(Files.isDirectory(dir), "run from the module directory: " + dir.toAbsolutePath());
        List<Path> sources;
        try (Stream<Path> s = Files.list(dir)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(sources.size() >= 10, "domain sources found: " + sources);
        List<String> violations = new ArrayList<>();
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
