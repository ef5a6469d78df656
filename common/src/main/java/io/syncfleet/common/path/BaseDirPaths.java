package io.syncfleet.common.path;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Converts between absolute {@link Path}s below {@code source.baseDir} and {@link RelPath}s without
 * losing bytes.
 *
 * <p>{@code Path.toString()} decodes names with the JVM's charset and turns bytes that are not valid in
 * it into replacement characters. A {@code file:} URI carries the raw bytes percent-escaped, both ways
 * ({@link Path#toUri()} and {@link Path#of(URI)}), so every conversion here goes through URIs. This is
 * the one place syncfleet converts between the two; it does no file I/O.
 */
public final class BaseDirPaths {

    private final Path baseDir;
    private final byte[] baseRaw;

    public BaseDirPaths(Path baseDir) {
        this.baseDir = baseDir.toAbsolutePath();
        this.baseRaw = rawBytes(this.baseDir);
    }

    public Path baseDir() {
        return baseDir;
    }

    /**
     * The path of {@code absolute} relative to the base directory.
     *
     * @throws IllegalArgumentException when it is not the base or below it
     */
    public RelPath toRel(Path absolute) {
        byte[] raw = rawBytes(absolute);
        if (Arrays.equals(raw, baseRaw)) {
            return RelPath.BASE;
        }
        boolean rootBase = baseRaw.length == 1; // "/"
        int start = rootBase ? 1 : baseRaw.length + 1;
        if (raw.length <= start || !Arrays.equals(raw, 0, baseRaw.length, baseRaw, 0, baseRaw.length)
                || (!rootBase && raw[baseRaw.length] != '/')) {
            throw new IllegalArgumentException("not below source.baseDir [" + baseDir + "]: "
                    + absolute.toUri().getRawPath());
        }
        return RelPath.of(Arrays.copyOfRange(raw, start, raw.length));
    }

    /** The absolute path of {@code rel}. */
    public Path toPath(RelPath rel) {
        if (rel.isBase()) {
            return baseDir;
        }
        byte[] r = rel.bytes();
        byte[] abs = Arrays.copyOf(baseRaw, baseRaw.length + (baseRaw.length == 1 ? 0 : 1) + r.length);
        if (baseRaw.length != 1) {
            abs[baseRaw.length] = '/';
        }
        System.arraycopy(r, 0, abs, abs.length - r.length, r.length);
        return fromRaw(abs);
    }

    /** The raw bytes of an absolute path, without the trailing '/' that toUri adds to directories. */
    public static byte[] rawBytes(Path absolute) {
        String raw = absolute.toUri().getRawPath();
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                out.write(Character.digit(raw.charAt(i + 1), 16) << 4 | Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                out.write(c); // toUri escapes every byte outside a subset of ASCII
            }
        }
        byte[] b = out.toByteArray();
        int len = b.length;
        while (len > 1 && b[len - 1] == '/') {
            len--;
        }
        return len == b.length ? b : Arrays.copyOf(b, len);
    }

    /** The path whose raw bytes are {@code absolute}. */
    public static Path fromRaw(byte[] absolute) {
        StringBuilder sb = new StringBuilder(absolute.length + 16).append("file://");
        for (byte x : absolute) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '/' || c == '.' || c == '-' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        return Path.of(URI.create(sb.toString()));
    }
}
