package io.syncfleet.watcher.fs;

import io.syncfleet.common.path.BaseDirPaths;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.domain.EntryType;
import io.syncfleet.watcher.domain.PushPathPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What {@link PushPathPolicy} asks about the source tree, answered with {@code lstat}. */
public final class SourceTreeFacts implements PushPathPolicy.SourceFacts {

    private final BaseDirPaths paths;

    public SourceTreeFacts(Path baseDir) {
        this.paths = new BaseDirPaths(baseDir);
    }

    @Override
    public boolean isSymlink(RelPath path) {
        return Files.isSymbolicLink(paths.toPath(path));
    }

    @Override
    public EntryType typeOf(RelPath path) {
        try {
            BasicFileAttributes a = Files.readAttributes(paths.toPath(path), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return a.isDirectory() ? EntryType.DIRECTORY : EntryType.FILE;
        } catch (IOException e) {
            return EntryType.UNKNOWN;
        }
    }
}
