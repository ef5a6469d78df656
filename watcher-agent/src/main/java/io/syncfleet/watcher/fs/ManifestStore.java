package io.syncfleet.watcher.fs;

import io.syncfleet.common.path.BaseDirPaths;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.domain.ManifestEntry;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher's manifest file, {@code <watch.stateDir>/manifest.gz}: every entry below the roots in
 * {@link io.syncfleet.watcher.domain.SubtreeOrder}, compact enough for millions of entries (about
 * 5-20 bytes each after gzip; 5.8 for a 100k-entry tree measured here).
 *
 * <p>Format (inside one gzip stream; numbers are unsigned LEB128 varints unless said otherwise):
 * <pre>
 *   "SFMANIF1"                       magic and version
 *   baseDir                          length + raw bytes
 *   roots                            count, then length + raw bytes of each
 *   excludes                         count, then length + UTF-8 bytes of each pattern
 *   entries, each:  1, shared prefix length with the previous path, suffix length, suffix bytes,
 *                   mode, size, mtime and ctime as zigzag deltas from the previous entry's (ns)
 *   0                                end of entries
 *   count, horizon (8 bytes, ms)     the horizon: see {@link io.syncfleet.watcher.domain.ManifestDiff}
 *   "SFMEND01"
 * </pre>
 * The horizon sits at the end because it is known only once the entries are written; {@link #open}
 * therefore reads the file twice, first to check it is whole (trailer, count, gzip CRC) and to learn
 * the horizon, then to stream the entries.
 *
 * <p>Durability: {@link Writer} writes {@code manifest.gz.tmp}, fsyncs it, renames it over
 * {@code manifest.gz} and fsyncs the directory, so a crash at any moment leaves either the old
 * manifest or the new one, never a mix. A file that is cut short, corrupt, or written for another
 * {@code source.baseDir}, {@code source.paths} or {@code source.exclude} is ignored (logged), as if
 * there were none: entries newly excluded must not look deleted, nor newly included ones new.
 */
public final class ManifestStore {

    public static final String FILE_NAME = "manifest.gz";

    private static final Logger log = LoggerFactory.getLogger(ManifestStore.class);
    private static final byte[] MAGIC = "SFMANIF1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "SFMEND01".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER = 64 * 1024;

    private final Path dir;
    private final byte[] baseRaw;
    private final List<RelPath> roots;
    private final List<String> excludes;

    /**
     * @param dir {@code watch.stateDir}; created when the first manifest is written
     * @param baseDir {@code source.baseDir}, recorded so that a manifest of another source is not used
     * @param roots the watched roots, recorded for the same reason
     * @param excludes {@code source.exclude}, recorded for the same reason
     */
    public ManifestStore(Path dir, Path baseDir, List<RelPath> roots, List<String> excludes) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.baseRaw = BaseDirPaths.rawBytes(baseDir.toAbsolutePath().normalize());
        this.roots = List.copyOf(roots);
        this.excludes = List.copyOf(excludes);
    }

    public Path file() {
        return dir.resolve(FILE_NAME);
    }

    /** Whether a manifest file is there (usable or not: {@link #open} reads and checks it). */
    public boolean exists() {
        return Files.exists(file());
    }

    /** The saved manifest, or empty when there is none or it cannot be used (the reason is logged). */
    public Optional<Saved> open() {
        Path f = file();
        long count;
        long horizon;
        try (DataInputStream in = input(f)) {
            readHeader(in);
            long n = 0;
            EntryReader r = new EntryReader(in);
            while (r.next() != null) {
                n++;
            }
            count = readVarLong(in);
            horizon = in.readLong();
            byte[] end = in.readNBytes(END.length);
            if (!Arrays.equals(end, END) || count != n || in.read() != -1) {
                throw new IOException("bad trailer");
            }
        } catch (NoSuchFileException e) {
            log.info("no manifest in [{}]: the first start publishes a RESCAN of every root", dir);
            return Optional.empty();
        } catch (ForeignManifestException e) {
            log.warn("manifest [{}] is not for this source ({}): ignoring it, the start publishes a RESCAN", f,
                    e.getMessage());
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.warn("manifest [{}] cannot be read ({}): ignoring it, the start publishes a RESCAN", f, e.toString());
            return Optional.empty();
        }
        return Optional.of(new Saved(f, count, horizon));
    }

    /**
     * Deletes the saved manifest: the next start then publishes a RESCAN of every root.
     *
     * @return false when there was none
     */
    public boolean discard() throws IOException {
        return Files.deleteIfExists(file());
    }

    /** Starts writing a new manifest; nothing replaces the saved one before {@link Writer#commit}. */
    public Writer create() throws IOException {
        Files.createDirectories(dir);
        return new Writer(dir.resolve(FILE_NAME + ".tmp"));
    }

    /** A whole manifest on disk. */
    public final class Saved {
        private final Path file;
        private final long entries;
        private final long horizonMillis;

        private Saved(Path file, long entries, long horizonMillis) {
            this.file = file;
            this.entries = entries;
            this.horizonMillis = horizonMillis;
        }

        public long entryCount() {
            return entries;
        }

        /** Every change before it had been published and acknowledged when the manifest was written. */
        public long horizonMillis() {
            return horizonMillis;
        }

        /**
         * Streams the entries; the stream is closed when the iterator is exhausted.
         *
         * @throws UncheckedIOException when the file changed or broke since {@link #open}
         */
        public Iterator<ManifestEntry> entries() throws IOException {
            DataInputStream in = input(file);
            readHeader(in);
            EntryReader r = new EntryReader(in);
            return new Iterator<>() {
                private ManifestEntry next = advance();

                private ManifestEntry advance() {
                    try {
                        ManifestEntry e = r.next();
                        if (e == null) {
                            in.close();
                        }
                        return e;
                    } catch (IOException e) {
                        throw new UncheckedIOException("manifest [" + file + "] broke while reading", e);
                    }
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public ManifestEntry next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    ManifestEntry e = next;
                    next = advance();
                    return e;
                }
            };
        }
    }

    /** Writes a manifest to a temporary file; {@link #commit} makes it the saved one. Single-threaded. */
    public final class Writer implements AutoCloseable {
        private final Path tmp;
        private final FileChannel channel;
        private final BufferedOutputStream file;
        private final GZIPOutputStream gzip;
        private final DataOutputStream out;
        private byte[] previous = new byte[0];
        private long mtime;
        private long ctime;
        private long count;
        private boolean done;

        private Writer(Path tmp) throws IOException {
            this.tmp = tmp;
            this.channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            this.file = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
            this.gzip = new GZIPOutputStream(file, BUFFER);
            this.out = new DataOutputStream(new BufferedOutputStream(gzip, BUFFER));
            out.write(MAGIC);
            writeBytes(out, baseRaw);
            writeVarLong(out, roots.size());
            for (RelPath r : roots) {
                writeBytes(out, r.bytes());
            }
            writeVarLong(out, excludes.size());
            for (String e : excludes) {
                writeBytes(out, e.getBytes(StandardCharsets.UTF_8));
            }
        }

        /** Appends the next entry; entries must come in SubtreeOrder. */
        public void add(ManifestEntry e) throws IOException {
            byte[] p = e.path().bytes();
            int shared = 0;
            int max = Math.min(p.length, previous.length);
            while (shared < max && p[shared] == previous[shared]) {
                shared++;
            }
            out.write(1);
            writeVarLong(out, shared);
            writeVarLong(out, p.length - shared);
            out.write(p, shared, p.length - shared);
            writeVarLong(out, e.mode() & 0xffffffffL);
            writeVarLong(out, e.size());
            writeVarLong(out, zigzag(e.mtimeNanos() - mtime));
            writeVarLong(out, zigzag(e.ctimeNanos() - ctime));
            previous = p;
            mtime = e.mtimeNanos();
            ctime = e.ctimeNanos();
            count++;
        }

        public long count() {
            return count;
        }

        /** Ends the file with {@code horizonMillis}, makes it durable and puts it in place atomically. */
        public void commit(long horizonMillis) throws IOException {
            out.write(0);
            writeVarLong(out, count);
            out.writeLong(horizonMillis);
            out.write(END);
            out.flush();
            gzip.finish();
            file.flush();
            channel.force(true);
            out.close(); // and the channel
            Path target = file();
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename [" + tmp + "] atomically: " + e.getMessage(), e);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
            done = true;
        }

        /** Drops the temporary file unless it was committed. */
        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            try {
                out.close();
            } catch (IOException e) {
                log.debug("closing [{}]: {}", tmp, e.toString());
            }
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                log.warn("cannot delete [{}]: {}", tmp, e.toString());
            }
        }
    }

    // ---- reading ---------------------------------------------------------------------------------

    private static DataInputStream input(Path f) throws IOException {
        InputStream raw = Files.newInputStream(f);
        try {
            return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private void readHeader(DataInputStream in) throws IOException {
        if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
            throw new IOException("not a syncfleet manifest (bad magic)");
        }
        byte[] base = readBytes(in);
        if (!Arrays.equals(base, baseRaw)) {
            throw new ForeignManifestException("written for another source.baseDir");
        }
        long n = readVarLong(in);
        if (n != roots.size()) {
            throw new ForeignManifestException("written for other source.paths");
        }
        for (RelPath r : roots) {
            if (!Arrays.equals(readBytes(in), r.bytes())) {
                throw new ForeignManifestException("written for other source.paths");
            }
        }
        if (readVarLong(in) != excludes.size()) {
            throw new ForeignManifestException("written for other source.exclude patterns");
        }
        for (String e : excludes) {
            if (!Arrays.equals(readBytes(in), e.getBytes(StandardCharsets.UTF_8))) {
                throw new ForeignManifestException("written for other source.exclude patterns");
            }
        }
    }

    /** Decodes entries; {@link #next} returns null at the end marker. */
    private static final class EntryReader {
        private final DataInputStream in;
        private byte[] previous = new byte[0];
        private long mtime;
        private long ctime;

        EntryReader(DataInputStream in) {
            this.in = in;
        }

        ManifestEntry next() throws IOException {
            int marker = in.read();
            if (marker == 0) {
                return null;
            }
            if (marker != 1) {
                throw new IOException(marker < 0 ? "cut short" : "bad entry marker " + marker);
            }
            int shared = (int) readVarLong(in);
            int suffix = (int) readVarLong(in);
            if (shared > previous.length || suffix < 0 || suffix > 65536) {
                throw new IOException("bad path lengths " + shared + "+" + suffix);
            }
            byte[] p = Arrays.copyOf(previous, shared + suffix);
            in.readFully(p, shared, suffix);
            int mode = (int) readVarLong(in);
            long size = readVarLong(in);
            mtime += unzigzag(readVarLong(in));
            ctime += unzigzag(readVarLong(in));
            previous = p;
            return new ManifestEntry(RelPath.of(p), mode, size, mtime, ctime);
        }
    }

    private static final class ForeignManifestException extends IOException {
        ForeignManifestException(String message) {
            super(message);
        }
    }

    // ---- encoding --------------------------------------------------------------------------------

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        writeVarLong(out, b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        long n = readVarLong(in);
        if (n > 65536) {
            throw new IOException("bad length " + n);
        }
        byte[] b = new byte[(int) n];
        in.readFully(b);
        return b;
    }

    static void writeVarLong(OutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static long readVarLong(InputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("cut short in a number");
            }
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("number longer than 64 bits");
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
