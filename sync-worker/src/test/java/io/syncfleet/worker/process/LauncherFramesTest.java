package io.syncfleet.worker.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LauncherFramesTest {

    private static byte[] written(LauncherFrames.Frame... frames) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (LauncherFrames.Frame f : frames) {
            LauncherFrames.write(out, f);
        }
        return bytes.toByteArray();
    }

    @Test
    void everyFrameReadsBackAsWrittenInOrderThenTheEnd() throws IOException {
        byte[] stdin = {'a', 0, (byte) 0xff, '\n'};
        ProcessResult result = new ProcessResult(23, "  1,000 100%\r", "rsync: [sender] link_stat \"x\" failed\n", 42);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(written(
                new LauncherFrames.Run(7, List.of("rsync", "-aRI", "--exclude=é *", "."), "/srv/www", stdin, 300_000),
                new LauncherFrames.Line(7, "  1,000 100%"),
                new LauncherFrames.Kill(7),
                new LauncherFrames.Exit(7, result))));

        LauncherFrames.Run run = (LauncherFrames.Run) LauncherFrames.read(in);
        assertEquals(7, run.id());
        assertEquals(List.of("rsync", "-aRI", "--exclude=é *", "."), run.argv());
        assertEquals("/srv/www", run.cwd());
        assertArrayEquals(stdin, run.stdin());
        assertEquals(300_000, run.hardTimeoutMillis());
        assertEquals(new LauncherFrames.Line(7, "  1,000 100%"), LauncherFrames.read(in));
        assertEquals(new LauncherFrames.Kill(7), LauncherFrames.read(in));
        assertEquals(new LauncherFrames.Exit(7, result), LauncherFrames.read(in));
        assertNull(LauncherFrames.read(in));
    }

    @Test
    void aFrameCutShortOrOfAnUnknownTypeIsAnErrorNotAnEnd() throws IOException {
        byte[] whole = written(new LauncherFrames.Line(1, "some progress"));
        DataInputStream cut = new DataInputStream(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 3)));
        assertThrows(IOException.class, () -> LauncherFrames.read(cut));

        DataInputStream unknown = new DataInputStream(new ByteArrayInputStream(new byte[] {'Z', 0, 0, 0, 1}));
        assertThrows(IOException.class, () -> LauncherFrames.read(unknown));
    }
}
