package io.syncfleet.worker.process;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames between the worker and its {@link Launcher} process, over the launcher's stdin and stdout.
 * Each frame is one type byte, the run's id, then its fields; byte fields are a length and the bytes,
 * strings are UTF-8. One side writes a frame whole under a lock, so runs of many threads interleave.
 *
 * <ul>
 *   <li>worker to launcher: {@link Run} (start a program), {@link Kill} (kill it: its caller was interrupted);</li>
 *   <li>launcher to worker: {@link Line} (a line of its stdout, while it runs), {@link Exit} (how it ended).</li>
 * </ul>
 */
final class LauncherFrames {

    private static final byte RUN = 'R';
    private static final byte KILL = 'K';
    private static final byte LINE = 'L';
    private static final byte EXIT = 'X';
    /** Larger than any stdin the worker feeds (a files-from list of millions of paths), smaller than a heap. */
    static final int MAX_BYTES = 512 * 1024 * 1024;

    private LauncherFrames() {
    }

    sealed interface Frame permits Run, Kill, Line, Exit {
        int id();
    }

    record Run(int id, List<String> argv, String cwd, byte[] stdin, long hardTimeoutMillis) implements Frame {
    }

    record Kill(int id) implements Frame {
    }

    record Line(int id, String line) implements Frame {
    }

    record Exit(int id, ProcessResult result) implements Frame {
    }

    static void write(DataOutputStream out, Frame f) throws IOException {
        synchronized (out) {
            if (f instanceof Run r) {
                out.writeByte(RUN);
                out.writeInt(r.id());
                out.writeLong(r.hardTimeoutMillis());
                string(out, r.cwd());
                out.writeInt(r.argv().size());
                for (String a : r.argv()) {
                    string(out, a);
                }
                bytes(out, r.stdin());
            } else if (f instanceof Kill k) {
                out.writeByte(KILL);
                out.writeInt(k.id());
            } else if (f instanceof Line l) {
                out.writeByte(LINE);
                out.writeInt(l.id());
                string(out, l.line());
            } else if (f instanceof Exit x) {
                out.writeByte(EXIT);
                out.writeInt(x.id());
                out.writeInt(x.result().exitCode());
                out.writeLong(x.result().durationMillis());
                string(out, x.result().stdout());
                string(out, x.result().stderr());
            }
            out.flush();
        }
    }

    /** The next frame, or null at the end of the stream. */
    static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int id = in.readInt();
        return switch (type) {
            case RUN -> {
                long hard = in.readLong();
                String cwd = string(in);
                int argc = in.readInt();
                if (argc < 0 || argc > 100_000) {
                    throw new IOException("launcher frame: bad argument count " + argc);
                }
                List<String> argv = new ArrayList<>(argc);
                for (int i = 0; i < argc; i++) {
                    argv.add(string(in));
                }
                yield new Run(id, argv, cwd, bytes(in), hard);
            }
            case KILL -> new Kill(id);
            case LINE -> new Line(id, string(in));
            case EXIT -> {
                int exit = in.readInt();
                long millis = in.readLong();
                String stdout = string(in);
                yield new Exit(id, new ProcessResult(exit, stdout, string(in), millis));
            }
            default -> throw new IOException("launcher frame: unknown type " + type);
        };
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        bytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_BYTES) {
            throw new IOException("launcher frame: bad length " + n);
        }
        byte[] b = new byte[n];
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new IOException("launcher frame cut short", e);
        }
        return b;
    }
}
