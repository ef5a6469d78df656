package io.syncfleet.watcher.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BooleanSupplier;

/**
 * The event loop of the native backends: waits with {@code poll} on a non-blocking notification
 * descriptor (inotify, fanotify) and on a wake-up {@code eventfd}, and hands each {@code read} of
 * events to the backend. Returns when the backend is closed, the wake-up descriptor fires, the
 * backend asks to stop, or polling or reading fails for good (reported first).
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

    private EventReader() {
    }

    static void run(int fd, int wakeFd, int bufferBytes, BooleanSupplier closed, Events events, Failure failure) {
        ByteBuffer buf = ByteBuffer.allocateDirect(bufferBytes).order(ByteOrder.nativeOrder());
        ByteBuffer pollFds = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        pollFds.putInt(0, fd).putShort(4, LibC.POLLIN).putInt(8, wakeFd).putShort(12, LibC.POLLIN);
        while (!closed.getAsBoolean()) {
            pollFds.putShort(6, (short) 0).putShort(14, (short) 0);
            if (LibC.poll(pollFds, 2, -1) < 0) {
                int errno = LibC.errno();
                if (errno == LibC.EINTR) {
                    continue;
                }
                failure.failed("poll", errno);
                return;
            }
            if (closed.getAsBoolean() || (pollFds.getShort(14) & LibC.POLLIN) != 0) {
                return;
            }
            long n = LibC.read(fd, buf, buf.capacity());
            if (n < 0) {
                int errno = LibC.errno();
                if (errno == LibC.EAGAIN || errno == LibC.EINTR) {
                    continue;
                }
                failure.failed("read", errno);
                return;
            }
            if (!events.handle(buf, (int) n)) {
                return;
            }
        }
    }
}
