package io.syncfleet.watcher.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BooleanSupplier;

/**
 * The event loop of the native backends, on a non-blocking notification descriptor (inotify,
 * fanotify) and a wake-up {@code eventfd}. It reads first and waits with {@code poll} only when the
 * queue is empty: a read that finds the queue empty at time t proves that every event queued before
 * t was handed to the backend ({@link Drained}); an idle wait ends after {@code idleMillis} so that
 * this proof keeps up with the clock. Returns when the backend is closed, the wake-up descriptor
 * fires, the backend asks to stop, or polling or reading fails for good (reported first).
 */
final class EventReader {

    /** One read's worth of events, at index 0 of {@code buf}; false stops the loop. */
    @FunctionalInterface
    interface Events {
        boolean handle(ByteBuffer buf, int length);
    }

    /** {@code call} ({@code poll} or {@code read}) failed with {@code errno}; no more events come. */
    @FunctionalInterface
    interface Failure {
        void failed(String call, int errno);
    }

    /** The queue was found empty by a read started at {@code millis} (wall clock, as file ctimes). */
    @FunctionalInterface
    interface Drained {
        void upTo(long millis);
    }

    private static final byte[] WAKE = {1, 0, 0, 0, 0, 0, 0, 0};

    private EventReader() {
    }

    /** A new wake-up descriptor ({@code eventfd}) for {@link #run}. */
    static int openWakeFd() throws IOException {
        int wakeFd = LibC.eventfd(0, LibC.O_CLOEXEC | LibC.O_NONBLOCK);
        if (wakeFd < 0) {
            throw new IOException("eventfd failed: " + LibC.errnoName(LibC.errno()));
        }
        return wakeFd;
    }

    /** Makes {@link #run} on {@code wakeFd} return. */
    static void wake(int wakeFd) {
        LibC.write(wakeFd, WAKE, WAKE.length);
    }

    static void run(int fd, int wakeFd, int bufferBytes, int idleMillis, BooleanSupplier closed, Events events,
                    Drained drained, Failure failure) {
        ByteBuffer buf = ByteBuffer.allocateDirect(bufferBytes).order(ByteOrder.nativeOrder());
        ByteBuffer pollFds = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        pollFds.putInt(0, fd).putShort(4, LibC.POLLIN).putInt(8, wakeFd).putShort(12, LibC.POLLIN);
        while (!closed.getAsBoolean()) {
            long before = System.currentTimeMillis();
            long n = LibC.read(fd, buf, buf.capacity());
            if (n >= 0) {
                if (!events.handle(buf, (int) n)) {
                    return;
                }
                continue;
            }
            int errno = LibC.errno();
            if (errno == LibC.EINTR) {
                continue;
            }
            if (errno != LibC.EAGAIN) {
                failure.failed("read", errno);
                return;
            }
            drained.upTo(before);
            pollFds.putShort(6, (short) 0).putShort(14, (short) 0);
            if (LibC.poll(pollFds, 2, idleMillis) < 0) {
                errno = LibC.errno();
                if (errno == LibC.EINTR) {
                    continue;
                }
                failure.failed("poll", errno);
                return;
            }
            if (closed.getAsBoolean() || (pollFds.getShort(14) & LibC.POLLIN) != 0) {
                return;
            }
        }
    }
}
