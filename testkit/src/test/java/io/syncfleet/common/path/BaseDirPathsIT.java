package io.syncfleet.common.path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.testkit.TestTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseDirPathsIT {

    @TempDir
    Path base;

    @Test
    void oddNamesRoundTripByteForByte() {
        BaseDirPaths paths = new BaseDirPaths(base);
        List<byte[]> names = List.of(TestTrees.nonUtf8Name("bad-"), utf8("line\nbreak"), utf8("-rf"), utf8("with space"),
                utf8("100%"), utf8("caf\u00e9"), new byte[] {'a', '\\', 'b', '?', '#', '[', ']'});
        Path dir = TestTrees.mkdirs(TestTrees.child(base, TestTrees.nonUtf8Name("dir")));
        for (byte[] name : names) {
            Path file = TestTrees.write(TestTrees.child(dir, name), "x");
            RelPath rel = paths.toRel(file);
            assertArrayEquals(join(TestTrees.nonUtf8Name("dir"), name), rel.bytes());
            Path back = paths.toPath(rel);
            assertEquals(file, back);
            assertTrue(Files.exists(back));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] join(byte[] dir, byte[] name) {
        byte[] b = Arrays.copyOf(dir, dir.length + 1 + name.length);
        b[dir.length] = '/';
        System.arraycopy(name, 0, b, dir.length + 1, name.length);
        return b;
    }

    @Test
    void directoriesLoseTheTrailingSlashOfTheirUri() {
        BaseDirPaths paths = new BaseDirPaths(base);
        Path d = TestTrees.mkdirs(base.resolve("a/b"));
        assertEquals(RelPath.of("a/b"), paths.toRel(d));
        assertEquals(RelPath.BASE, paths.toRel(base));
        assertEquals(base.toAbsolutePath(), paths.toPath(RelPath.BASE));
    }

    @Test
    void rootAsBaseWorks() {
        BaseDirPaths root = new BaseDirPaths(Path.of("/"));
        assertEquals(RelPath.of("tmp/x"), root.toRel(Path.of("/tmp/x")));
        assertEquals(Path.of("/tmp/x"), root.toPath(RelPath.of("tmp/x")));
    }

    @Test
    void pathsOutsideTheBaseAreRejected() {
        BaseDirPaths paths = new BaseDirPaths(base.resolve("www"));
        assertThrows(IllegalArgumentException.class, () -> paths.toRel(base.resolve("wwwx/a")));
        assertThrows(IllegalArgumentException.class, () -> paths.toRel(base));
    }
}
