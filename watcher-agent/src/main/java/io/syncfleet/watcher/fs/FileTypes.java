package io.syncfleet.watcher.fs;

import io.syncfleet.common.path.BaseDirPaths;
import io.syncfleet.watcher.domain.EntryType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.Map;

/** {@code lstat} of a raw path, for the few entries whose type the kernel did not tell. */
final class FileTypes {

    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;

    /** What an entry is, as far as the inotify backend cares. */
    enum Kind {
        DIRECTORY,
        /** A regular file with one name: whoever created it closes it, and IN_CLOSE_WRITE reports it. */
        NEW_REGULAR_FILE,
        /** A hard link, symlink, fifo, socket or device: no IN_CLOSE_WRITE follows its IN_CREATE. */
        OTHER,
        GONE;

        EntryType entryType() {
            return switch (this) {
                case DIRECTORY -> EntryType.DIRECTORY;
                case GONE -> EntryType.UNKNOWN;
                default -> EntryType.FILE;
            };
        }

        boolean noCloseFollows() {
            return this == OTHER;
        }
    }

    private FileTypes() {
    }

    /** The kind of the entry at {@code abs} (raw absolute bytes), not following a symlink. */
    static Kind lstat(byte[] abs) {
        try {
            Map<String, Object> a = Files.readAttributes(BaseDirPaths.fromRaw(abs), "unix:mode,nlink",
                    LinkOption.NOFOLLOW_LINKS);
            int format = (Integer) a.get("mode") & S_IFMT;
            if (format == S_IFDIR) {
                return Kind.DIRECTORY;
            }
            return format == S_IFREG && (Integer) a.get("nlink") == 1 ? Kind.NEW_REGULAR_FILE : Kind.OTHER;
        } catch (IOException | UnsupportedOperationException e) {
            return Kind.GONE;
        }
    }
}
