package io.syncfleet.watcher.domain;

import io.syncfleet.common.path.RelPath;
import java.util.Comparator;

/**
 * Orders paths so that every subtree is one contiguous range: bytes compare unsigned, except that
 * '/' sorts before every other byte (names hold no NUL). So {@code a}, {@code a/x}, {@code a/y/z} come
 * before {@code a!} or {@code a-b}, and the subtree of {@code a} is {@code [a, upperBound(a))}.
 */
public final class SubtreeOrder implements Comparator<RelPath> {

    public static final SubtreeOrder INSTANCE = new SubtreeOrder();

    private SubtreeOrder() {
    }

    @Override
    public int compare(RelPath x, RelPath y) {
        byte[] a = x.bytes();
        byte[] b = y.bytes();
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int ca = rank(a[i]);
            int cb = rank(b[i]);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
        }
        return Integer.compare(a.length, b.length);
    }

    /** The smallest path after every path of {@code dir}'s subtree: {@code dir} followed by byte 0x01. */
    public static RelPath upperBound(RelPath dir) {
        byte[] d = dir.bytes();
        byte[] b = java.util.Arrays.copyOf(d, d.length + 1);
        b[d.length] = 1;
        return RelPath.of(b);
    }

    private static int rank(byte b) {
        return b == '/' ? 0 : b & 0xff;
    }
}
