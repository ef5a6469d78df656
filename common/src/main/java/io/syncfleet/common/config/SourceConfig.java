package io.syncfleet.common.config;

import io.syncfleet.common.path.RelPath;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code source.*}.
 *
 * @param baseDir absolute, normalized base directory; rsync runs with {@code -R} from here
 * @param paths watched roots relative to baseDir; {@link RelPath#BASE} means the whole baseDir
 * @param exclude rsync-style exclude patterns
 */
public record SourceConfig(Path baseDir, List<RelPath> paths, List<String> exclude) {
    public SourceConfig {
        paths = List.copyOf(paths);
        exclude = List.copyOf(exclude);
    }
}
