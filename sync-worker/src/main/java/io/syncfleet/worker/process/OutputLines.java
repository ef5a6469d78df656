package io.syncfleet.worker.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a program's output into lines as it arrives, at {@code \n} and at {@code \r} (rsync rewrites its
 * progress line with {@code \r}), and hands each non-empty line to a consumer. A line longer than
 * {@link #MAX_LINE} bytes is cut there. A consumer that throws loses that line, never the output.
 */
final class OutputLines {

    static final int MAX_LINE = 4096;

    private final Consumer<String> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    OutputLines(Consumer<String> sink) {
        this.sink = sink;
    }

    void write(byte[] buf, int n) {
        for (int i = 0; i < n; i++) {
            byte b = buf[i];
            if (b == '\n' || b == '\r') {
                flush();
            } else {
                line.write(b);
                if (line.size() >= MAX_LINE) {
                    flush();
                }
            }
        }
    }

    /** Hands over what is left; call at the end of the output. */
    void flush() {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        try {
            sink.accept(text);
        } catch (RuntimeException e) {
            // the consumer's problem; the output must still be drained
        }
    }

    /** Every line of a finished output, for runners that cannot stream. */
    static void replay(String output, Consumer<String> sink) {
        OutputLines lines = new OutputLines(sink);
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        lines.write(bytes, bytes.length);
        lines.flush();
    }
}
