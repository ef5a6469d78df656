package io.syncfleet.worker.fs;

import io.syncfleet.common.path.BaseDirPaths;
import io.syncfleet.common.path.RelPath;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The source tree as the planner sees it: whether a relative path exists right now.
 *
 * <p>Existence is an lstat: a symlink exists even when it dangles, exactly as rsync sees it. Paths are
 * resolved from their raw bytes by {@link BaseDirPaths}, so names that are not valid UTF-8 work.
 */
public final class SourceTree implements Predicate<RelPath> {

    private final BaseDirPaths paths;

    public SourceTree(Path baseDir) {
        this.paths = new BaseDirPaths(Objects.requireNonNull(baseDir, "baseDir").toAbsolutePath().normalize());
    }

    /** True when {@code path} exists below the base (lstat, symlinks not followed). */
    @Override
    public boolean test(RelPath path) {
        return Files.exists(resolve(path), LinkOption.NOFOLLOW_LINKS);
    }

    /** True when {@code path} is a directory (lstat: a symlink to one is not). */
    public boolean isDirectory(RelPath path) {
        return Files.isDirectory(resolve(path), LinkOption.NOFOLLOW_LINKS);
    }

    /** The absolute path of {@code rel}, byte for byte. */
    public Path resolve(RelPath rel) {
        return paths.toPath(rel);
    }

    public Path baseDir() {
        return paths.baseDir();
    }
}
