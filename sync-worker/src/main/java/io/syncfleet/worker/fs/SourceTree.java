package io.syncfleet.worker.fs;

import io.syncfleet.common.path.RelPath;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The source tree as the planner sees it: whether a relative path exists right now.
 *
 * <p>Existence is an lstat: a symlink exists even when it dangles, exactly as rsync sees it. Paths are
 * resolved from their raw bytes through a {@code file:} URI, because a {@link Path} built from a Java
 * string cannot hold a name that is not valid UTF-8.
 */
public final class SourceTree implements Predicate<RelPath> {

    private final Path baseDir;
    private final String baseUri;

    public SourceTree(Path baseDir) {
        this.baseDir = Objects.requireNonNull(baseDir, "baseDir").toAbsolutePath().normalize();
        String uri = this.baseDir.toUri().toString();
        this.baseUri = uri.endsWith("/") ? uri : uri + "/";
    }

    /** True when {@code path} exists below the base (lstat, symlinks not followed). */
    @Override
    public boolean test(RelPath path) {
        return Files.exists(resolve(path), LinkOption.NOFOLLOW_LINKS);
    }

    /** The absolute path of {@code rel}, byte for byte. */
    public Path resolve(RelPath rel) {
        if (rel.isBase()) {
            return baseDir;
        }
        return Path.of(URI.create(baseUri + percentEncode(rel.bytes())));
    }

    public Path baseDir() {
        return baseDir;
    }

    /** Every byte except unreserved characters and '/' as %XX, so the URI carries the raw bytes. */
    static String percentEncode(byte[] raw) {
        StringBuilder sb = new StringBuilder(raw.length + 16);
        for (byte b : raw) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-'
                    || c == '_' || c == '.' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
