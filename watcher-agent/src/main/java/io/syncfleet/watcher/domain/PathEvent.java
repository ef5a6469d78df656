package io.syncfleet.watcher.domain;

import io.syncfleet.common.path.RelPath;
import java.util.Objects;

/**
 * One observation of a watch backend, relative to {@code source.baseDir}.
 *
 * <p>{@link Type#OVERFLOW} means events below {@code path} (a directory) were lost; it is passed on,
 * never swallowed, and becomes a RESCAN of that directory.
 *
 * @param type what happened
 * @param path the entry it happened to; for OVERFLOW the directory whose events were lost
 */
public record PathEvent(Type type, RelPath path) {

    public enum Type { CREATE, MODIFY, DELETE, OVERFLOW }

    public PathEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
    }

    public static PathEvent create(RelPath path) {
        return new PathEvent(Type.CREATE, path);
    }

    public static PathEvent modify(RelPath path) {
        return new PathEvent(Type.MODIFY, path);
    }

    public static PathEvent delete(RelPath path) {
        return new PathEvent(Type.DELETE, path);
    }

    public static PathEvent overflow(RelPath directory) {
        return new PathEvent(Type.OVERFLOW, directory);
    }
}
