package io.syncfleet.watcher.fs;

import io.syncfleet.common.path.BaseDirPaths;
import io.syncfleet.common.path.RelPath;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Raw absolute paths (bytes, as the kernel takes and gives them) below a base directory, to and from
 * {@link RelPath}; never through Strings, so any name survives.
 */
final class RawPaths {

    private final byte[] baseRaw;

    RawPaths(Path baseDir) {
        this.baseRaw = BaseDirPaths.rawBytes(baseDir.toAbsolutePath());
    }

    byte[] base() {
        return baseRaw.clone();
    }

    byte[] absOf(RelPath rel) {
        return rel.isBase() ? baseRaw : child(baseRaw, rel.bytes());
    }

    /** The relative path of {@code abs}, which must be the base or below it. */
    RelPath relOf(byte[] abs) {
        return below(abs).orElseThrow(() -> new IllegalArgumentException("not below the base directory"));
    }

    /** The relative path of {@code abs}, or empty when it is not the base or below it. */
    Optional<RelPath> below(byte[] abs) {
        if (abs.length == baseRaw.length) {
            return Arrays.equals(abs, baseRaw) ? Optional.of(RelPath.BASE) : Optional.empty();
        }
        boolean rootBase = baseRaw.length == 1;
        int start = rootBase ? 1 : baseRaw.length + 1;
        if (abs.length <= start || !Arrays.equals(abs, 0, baseRaw.length, baseRaw, 0, baseRaw.length)
                || (!rootBase && abs[baseRaw.length] != '/')) {
            return Optional.empty();
        }
        return Optional.of(RelPath.of(Arrays.copyOfRange(abs, start, abs.length)));
    }

    /** {@code dir/name}. */
    static byte[] child(byte[] dir, byte[] name) {
        boolean slash = dir.length > 0 && dir[dir.length - 1] == '/';
        byte[] out = Arrays.copyOf(dir, dir.length + (slash ? 0 : 1) + name.length);
        if (!slash) {
            out[dir.length] = '/';
        }
        System.arraycopy(name, 0, out, out.length - name.length, name.length);
        return out;
    }
}
