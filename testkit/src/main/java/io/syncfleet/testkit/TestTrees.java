package io.syncfleet.testkit;

import io.syncfleet.common.path.BaseDirPaths;
import io.syncfleet.common.path.RelPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * Builds test trees, including names that are not valid UTF-8.
 *
 * <p>{@code Path.toString()} and {@code Path.resolve(String)} go through the JVM's file-name charset
 * and cannot carry arbitrary bytes; a {@code file:} URI carries them percent-escaped. Every raw-byte
 * conversion here goes through URIs. All methods throw {@link UncheckedIOException} on I/O errors.
 */
public final class TestTrees {

    private TestTrees() {
    }

    /** {@code dir}'s child whose name is exactly {@code name} (any bytes but '/' and NUL). */
    public static Path child(Path dir, byte[] name) {
        if (name.length == 0 || indexOf(name, (byte) '/') >= 0 || indexOf(name, (byte) 0) >= 0) {
            throw new IllegalArgumentException("not a file name: " + Arrays.toString(name));
        }
        return fromRaw(join(rawBytes(dir), name));
    }

    /** The path of {@code rel} below {@code root}. */
    public static Path resolve(Path root, RelPath rel) {
        return new BaseDirPaths(root).toPath(rel);
    }

    /** The raw bytes of the absolute form of {@code path}, without a trailing '/'. */
    public static byte[] rawBytes(Path path) {
        return BaseDirPaths.rawBytes(path.toAbsolutePath());
    }

    /** The raw bytes of the last name of {@code path}. */
    public static byte[] rawName(Path path) {
        byte[] b = rawBytes(path);
        int slash = lastIndexOf(b, (byte) '/');
        return Arrays.copyOfRange(b, slash + 1, b.length);
    }

    /** {@code path} relative to {@code root}, as raw bytes. */
    public static RelPath relPath(Path root, Path path) {
        return new BaseDirPaths(root).toRel(path);
    }

    /** A name of {@code prefix} followed by the bytes 0xFF 0xFE, which are never valid UTF-8. */
    public static byte[] nonUtf8Name(String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] b = Arrays.copyOf(p, p.length + 2);
        b[p.length] = (byte) 0xff;
        b[p.length + 1] = (byte) 0xfe;
        return b;
    }

    /** Writes {@code text} as UTF-8, creating parent directories. */
    public static Path write(Path file, String text) {
        return write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code content}, creating parent directories. */
    public static Path write(Path file, byte[] content) {
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code text} to the '/'-separated UTF-8 {@code relative} path below {@code root}. */
    public static Path write(Path root, String relative, String text) {
        return write(resolve(root, RelPath.of(relative)), text);
    }

    public static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the symlink {@code link -> target} (target taken literally, may be relative or dangling). */
    public static Path symlink(Path link, String target) {
        return symlink(link, target.getBytes(StandardCharsets.UTF_8));
    }

    /** Creates the symlink {@code link -> target} with a raw-byte target. */
    public static Path symlink(Path link, byte[] target) {
        if (target.length == 0) {
            throw new IllegalArgumentException("empty symlink target");
        }
        Path t = target[0] == '/' ? fromRaw(target) : relativeFromRaw(target);
        try {
            Path parent = link.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.createSymbolicLink(link, t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw bytes of {@code link}'s target, relative or absolute as stored. */
    public static byte[] symlinkTarget(Path link) {
        try {
            Path t = Files.readSymbolicLink(link);
            if (t.isAbsolute()) {
                return rawBytes(t);
            }
            // a relative Path has no URI of its own: read it below '/' and drop that '/' again
            byte[] abs = rawBytes(Path.of("/").resolve(t));
            return Arrays.copyOfRange(abs, 1, abs.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets permission bits, e.g. {@code "rwxr-x---"}; does not follow a symlink's target. */
    public static Path chmod(Path path, String permissions) {
        try {
            return Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code root} and everything below it, never following symlinks; missing is fine. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** A relative Path with exactly these name bytes; '..' kept (relativize would normalize it away). */
    private static Path relativeFromRaw(byte[] relative) {
        Path result = null;
        int start = 0;
        for (int i = 0; i <= relative.length; i++) {
            if (i == relative.length || relative[i] == '/') {
                if (i > start) {
                    byte[] segment = Arrays.copyOfRange(relative, start, i);
                    Path name = fromRaw(join(new byte[] {'/'}, segment)).getFileName();
                    result = result == null ? name : result.resolve(name);
                }
                start = i + 1;
            }
        }
        if (result == null) {
            throw new IllegalArgumentException("no name in symlink target " + Arrays.toString(relative));
        }
        return result;
    }

    static Path fromRaw(byte[] absolute) {
        return BaseDirPaths.fromRaw(absolute);
    }

    private static byte[] join(byte[] dir, byte[] name) {
        boolean slash = dir.length > 0 && dir[dir.length - 1] == '/';
        byte[] b = Arrays.copyOf(dir, dir.length + (slash ? 0 : 1) + name.length);
        if (!slash) {
            b[dir.length] = '/';
        }
        System.arraycopy(name, 0, b, b.length - name.length, name.length);
        return b;
    }


    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, byte x) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }
}
