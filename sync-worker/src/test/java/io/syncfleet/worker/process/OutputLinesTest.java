package io.syncfleet.worker.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputLinesTest {

    @Test
    void cutsAtCarriageReturnsAndNewlinesAcrossChunks() {
        List<String> got = new ArrayList<>();
        OutputLines lines = new OutputLines(got::add);
        write(lines, "\r   10  1%");
        write(lines, " 1kB/s\r   20  2% 2kB/s\r\n");
        write(lines, "done");
        lines.flush();
        assertEquals(List.of("   10  1% 1kB/s", "   20  2% 2kB/s", "done"), got);
    }

    @Test
    void longLinesAreCut() {
        List<String> got = new ArrayList<>();
        OutputLines lines = new OutputLines(got::add);
        write(lines, "x".repeat(OutputLines.MAX_LINE + 10) + "\n");
        assertEquals(List.of(OutputLines.MAX_LINE, 10), got.stream().map(String::length).toList());
    }

    @Test
    void aThrowingConsumerLosesOnlyItsLine() {
        List<String> got = new ArrayList<>();
        OutputLines lines = new OutputLines(l -> {
            if (l.equals("bad")) {
                throw new IllegalStateException("boom");
            }
            got.add(l);
        });
        write(lines, "a\nbad\nb\n");
        assertEquals(List.of("a", "b"), got);
    }

    @Test
    void replayHandsOverAFinishedOutput() {
        List<String> got = new ArrayList<>();
        OutputLines.replay("one\r\ntwo", got::add);
        assertEquals(List.of("one", "two"), got);
    }

    private static void write(OutputLines lines, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        lines.write(b, b.length);
    }
}
