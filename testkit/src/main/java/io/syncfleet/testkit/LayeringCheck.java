package io.syncfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layering rule of a service module (STYLE.md): its {@code domain} package is pure logic. No line of
 * its sources (imports, fully qualified names and comments alike) may name
 * <ul>
 *   <li>Kafka, processes, file I/O or the network: {@code org.apache.kafka}, {@code ProcessBuilder},
 *       {@code java.nio.file.Files}, {@code java.io.File*}, {@code java.net};</li>
 *   <li>threads, executors or the wall clock: {@code Thread.sleep}, {@code new Thread},
 *       {@code java.util.concurrent}, {@code System.currentTimeMillis}, {@code System.nanoTime},
 *       {@code Instant.now}, {@code Clock.system} (time comes in as a {@code java.time.Clock});</li>
 *   <li>the module's other packages, its adapters and {@code app}: every sibling package of the domain
 *       package, e.g. {@code io.syncfleet.worker.kafka} beside {@code io.syncfleet.worker.domain}.</li>
 * </ul>
 * A test in each service module calls {@link #assertPure} from the module directory.
 */
public final class LayeringCheck {

    /** What no domain source may name, whatever the module. */
    public static final List<String> FORBIDDEN = List.of("org.apache.kafka", "ProcessBuilder", "java.nio.file.Files",
            "java.io.File", "java.net", "Thread.sleep", "new Thread", "java.util.concurrent",
            "System.currentTimeMillis", "System.nanoTime", "Instant.now", "Clock.system");

    private LayeringCheck() {
    }

    /**
     * Fails, listing every {@code File.java:line uses X}, when a source of {@code domainPackage} (and of its
     * sub-packages) names something {@link #FORBIDDEN}, a sibling package, or one of {@code alsoForbidden}.
     *
     * @param sourceRoot the module's source root, e.g. {@code Path.of("src/main/java")}
     * @param domainPackage e.g. {@code io.syncfleet.worker.domain}
     * @param minSources fewer domain sources than this fail too: the check would pass on nothing
     * @param alsoForbidden what this module's domain may not name on top of {@link #FORBIDDEN}
     */
    public static void assertPure(Path sourceRoot, String domainPackage, int minSources, String... alsoForbidden) {
        Path dir = sourceRoot.resolve(domainPackage.replace('.', '/'));
        assertTrue(Files.isDirectory(dir), "no domain package at " + dir.toAbsolutePath()
                + " (run from the module directory)");
        List<Path> sources = javaFiles(dir);
        assertTrue(sources.size() >= minSources, "expected at least " + minSources + " domain sources, found "
                + sources);
        List<String> forbidden = new ArrayList<>(FORBIDDEN);
        forbidden.addAll(List.of(alsoForbidden));
        forbidden.addAll(siblingPackages(dir.getParent(), domainPackage));
        List<String> violations = new ArrayList<>();
        for (Path source : sources) {
            List<String> lines = readLines(source);
            for (int i = 0; i < lines.size(); i++) {
                for (String f : forbidden) {
                    if (lines.get(i).contains(f)) {
                        violations.add(dir.relativize(source) + ":" + (i + 1) + " uses " + f);
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "the domain package " + domainPackage + " must stay pure");
    }

    /** The packages beside the domain package, e.g. {@code io.syncfleet.worker.kafka}. */
    private static List<String> siblingPackages(Path parentDir, String domainPackage) {
        String parent = domainPackage.substring(0, domainPackage.lastIndexOf('.') + 1);
        String domain = domainPackage.substring(parent.length());
        try (Stream<Path> s = Files.list(parentDir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.equals(domain))
                    .sorted().map(n -> parent + n).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readLines(Path source) {
        try {
            return Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
