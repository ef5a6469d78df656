package io.syncfleet.common.path;

import java.net.URI;
import java.nio.file.Path;

/**
 * Lossless conversion between filesystem paths and {@link RelPath}.
 *
 * <p>{@code Path.toString()} decodes names with the JVM's file-name charset and replaces bytes it
 * cannot decode, so a non-UTF-8 name would be lost. A {@code file:} URI carries the raw bytes
 * percent-escaped, in both directions; that is the only route used here. Pure: no file I/O.
 */
public final class PathUris {

    private PathUris() {
    }

    /** The filesystem path of {@code rel} below {@code base}. */
    public static Path toPath(Path base, RelPath rel) {
        if (rel.isBase()) {
            return base;
        }
        StringBuilder sb = new StringBuilder(base.toAbsolutePath().toUri().getRawPath());
        if (sb.charAt(sb.length() - 1) != '/') {
            sb.append('/');
        }
        for (byte b : rel.bytes()) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '.'
                    || c == '-' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        return Path.of(URI.create("file://" + sb));
    }

    /** The raw bytes of an absolute path. */
    public static byte[] rawBytes(Path path) {
        return decodePercent(path.toAbsolutePath().toUri().getRawPath());
    }

    /**
     * {@code path} relative to {@code base}; throws IllegalArgumentException when it is not below base.
     */
    public static RelPath relativize(Path base, Path path) {
        byte[] b = rawBytes(base);
        byte[] p = rawBytes(path);
        int bl = b.length;
        while (bl > 1 && b[bl - 1] == '/') {
            bl--;
        }
        int pl = p.length;
        while (pl > 1 && p[pl - 1] == '/') {
            pl--;
        }
        if (pl == bl && java.util.Arrays.equals(b, 0, bl, p, 0, pl)) {
            return RelPath.BASE;
        }
        if (pl <= bl || !java.util.Arrays.equals(b, 0, bl, p, 0, bl) || (bl > 1 && p[bl] != '/')) {
            throw new IllegalArgumentException(path + " is not below " + base);
        }
        int start = bl == 1 ? 1 : bl + 1;
        return RelPath.of(java.util.Arrays.copyOfRange(p, start, pl));
    }

    /** A file URI's raw path is ASCII with every other byte percent-escaped. */
    private static byte[] decodePercent(String raw) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
