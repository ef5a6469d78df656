package io.syncfleet.common.path;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A path relative to {@code source.baseDir}, kept as the raw bytes the filesystem uses.
 *
 * <p>Linux file names are byte strings; they need not be valid UTF-8. Keeping the bytes means a name
 * with invalid UTF-8, a newline or a leading dash reaches rsync exactly as it is on disk.
 *
 * <p>Invariants: never absolute, never empty (the base itself is {@link #BASE}, the single byte
 * {@code .}), no {@code ..} or {@code .} segment, no empty segment, no NUL byte, {@code /} separated.
 */
public final class RelPath implements Comparable<RelPath> {

    /** The base directory itself. */
    public static final RelPath BASE = new RelPath(new byte[] {'.'});

    private final byte[] bytes;

    private RelPath(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Builds a relative path from raw bytes, rejecting anything that could escape the base. */
    public static RelPath of(byte[] raw) {
        Objects.requireNonNull(raw, "raw");
        if (raw.length == 0 || (raw.length == 1 && raw[0] == '.')) {
            return BASE;
        }
        int start = 0;
        int end = raw.length;
        while (start < end && raw[start] == '.' && start + 1 < end && raw[start + 1] == '/') {
            start += 2; // strip leading "./"
        }
        while (end > start && raw[end - 1] == '/') {
            end--;
        }
        if (start >= end) {
            return BASE;
        }
        byte[] b = Arrays.copyOfRange(raw, start, end);
        if (b[0] == '/') {
            throw new IllegalArgumentException("path must be relative to source.baseDir: " + display(b));
        }
        int segStart = 0;
        for (int i = 0; i <= b.length; i++) {
            if (i == b.length || b[i] == '/') {
                int len = i - segStart;
                if (len == 0) {
                    throw new IllegalArgumentException("empty path segment in " + display(b));
                }
                if ((len == 1 && b[segStart] == '.') || (len == 2 && b[segStart] == '.' && b[segStart + 1] == '.')) {
                    throw new IllegalArgumentException("'.' or '..' segment in " + display(b));
                }
                segStart = i + 1;
            } else if (b[i] == 0) {
                throw new IllegalArgumentException("NUL byte in path " + display(b));
            }
        }
        return new RelPath(b);
    }

    /** Builds a relative path from a Java string, encoded as UTF-8. */
    public static RelPath of(String utf8) {
        return of(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** The raw bytes; a copy. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public boolean isBase() {
        return this == BASE || (bytes.length == 1 && bytes[0] == '.');
    }

    /** This path followed by one more segment. */
    public RelPath resolve(byte[] name) {
        if (isBase()) {
            return of(name);
        }
        byte[] b = new byte[bytes.length + 1 + name.length];
        System.arraycopy(bytes, 0, b, 0, bytes.length);
        b[bytes.length] = '/';
        System.arraycopy(name, 0, b, bytes.length + 1, name.length);
        return of(b);
    }

    /** The parent, or {@link #BASE} for a top-level name, or null for BASE itself. */
    public RelPath parent() {
        if (isBase()) {
            return null;
        }
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '/') {
                return new RelPath(Arrays.copyOf(bytes, i));
            }
        }
        return BASE;
    }

    /** True when {@code other} is this path or lies below it. BASE contains everything. */
    public boolean contains(RelPath other) {
        if (isBase()) {
            return true;
        }
        if (other.bytes.length < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != other.bytes[i]) {
                return false;
            }
        }
        return other.bytes.length == bytes.length || other.bytes[bytes.length] == '/';
    }

    /** The last segment's bytes. */
    public byte[] fileName() {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '/') {
                return Arrays.copyOfRange(bytes, i + 1, bytes.length);
            }
        }
        return bytes.clone();
    }

    /** The escaped, lossless text form used in events and on the command line; see {@link PathCodec}. */
    public String encoded() {
        return PathCodec.encode(bytes);
    }

    /** Parses {@link #encoded()}. */
    public static RelPath decode(String encoded) {
        return of(PathCodec.decode(encoded));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelPath r && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(RelPath o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** Human-readable form for logs: the encoded form (valid UTF-8 shown as is). */
    @Override
    public String toString() {
        return encoded();
    }

    private static String display(byte[] b) {
        return PathCodec.encode(b);
    }

    static boolean isValidUtf8(byte[] b, int off, int len) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
