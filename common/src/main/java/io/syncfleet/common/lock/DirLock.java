package io.syncfleet.common.lock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive lock on a file in a directory ({@code <dataDir>/broker.lock}, {@code <watch.stateDir>/run.lock}),
 * holding the owner's pid, so that a second process can say who holds it.
 *
 * <p>File locks belong to the process: within one JVM a second {@code tryLock} throws, and closing
 * any channel on the file may drop every lock the JVM holds on it. So the locks this JVM holds are
 * also kept in {@link #HELD}, consulted before the file is opened at all.
 */
public final class DirLock implements AutoCloseable {

    private static final Map<Path, DirLock> HELD = new ConcurrentHashMap<>();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DirLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock on {@code dir/fileName} (the directory must exist), or returns the pid of its holder. */
    public static Acquired acquire(Path dir, String fileName) throws IOException {
        Path key = key(dir, fileName);
        long self = ProcessHandle.current().pid();
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                return new Acquired(null, self);
            }
            FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    long holder = readPid(channel);
                    channel.close();
                    return new Acquired(null, holder);
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((self + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
                channel.force(true);
                DirLock held = new DirLock(key, channel, lock);
                HELD.put(key, held);
                return new Acquired(held, self);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    /** The pid of the process holding the lock on {@code dir/fileName}, or empty when nobody holds it. */
    public static Optional<Long> holder(Path dir, String fileName) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Path key = key(dir, fileName);
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                return Optional.of(ProcessHandle.current().pid());
            }
            try (FileChannel channel = FileChannel.open(key, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                FileLock probe;
                try {
                    probe = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    return Optional.of(ProcessHandle.current().pid());
                }
                if (probe != null) {
                    probe.release();
                    return Optional.empty();
                }
                return Optional.of(readPid(channel));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
    }

    /** Releases the lock; the file stays, so its pid shows who held it last. */
    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            if (HELD.remove(key, this)) {
                try {
                    lock.release();
                } finally {
                    channel.close();
                }
            }
        }
    }

    private static Path key(Path dir, String fileName) throws IOException {
        return dir.toRealPath().resolve(fileName);
    }

    /** The pid written by the holder; -1 when it has not written it yet or wrote garbage. */
    private static long readPid(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        channel.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Either {@code lock} is set (ours), or {@code holderPid} names the process that has it. */
    public record Acquired(DirLock lock, long holderPid) {
    }
}
