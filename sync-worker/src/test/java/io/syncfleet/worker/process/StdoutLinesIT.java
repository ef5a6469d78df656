package io.syncfleet.worker.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output lines reach the consumer while the program still runs (rsync's progress must not wait for the end). */
class StdoutLinesIT {

    @TempDir
    Path dir;

    @Test
    void aLineArrivesBeforeTheProgramEnds() {
        Path go = dir.resolve("go");
        // prints a progress-like line, then waits until the consumer answers by creating the file "go"
        String script = "printf '  10  1%% 1.00kB/s 0:00:09\\r'; while [ ! -e go ]; do sleep 0.02; done; echo done";
        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessResult r = new LocalProcessRunner().run(List.of("/bin/sh", "-c", script), dir, new byte[0],
                Duration.ofSeconds(60), line -> {
                    lines.add(line);
                    touch(go);
                });
        assertEquals(0, r.exitCode(), "the program waited for the consumer, which never saw its line: " + r);
        assertEquals(List.of("  10  1% 1.00kB/s 0:00:09", "done"), lines);
        assertEquals("  10  1% 1.00kB/s 0:00:09\rdone\n", r.stdout());
    }

    private static void touch(Path p) {
        try {
            if (!Files.exists(p)) {
                Files.createFile(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
