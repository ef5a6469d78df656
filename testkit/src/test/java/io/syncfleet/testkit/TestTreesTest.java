package io.syncfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.syncfleet.common.path.RelPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestTreesTest {

    @TempDir
    Path tmp;

    @Test
    void aNonUtf8NameReachesTheDiskByteForByte() throws Exception {
        byte[] name = TestTrees.nonUtf8Name("caf\u00e9-");
        Path file = TestTrees.write(TestTrees.child(tmp, name), "raw");

        List<Path> listed;
        try (Stream<Path> s = Files.list(tmp)) {
            listed = s.toList();
        }
        assertEquals(1, listed.size());
        assertArrayEquals(name, TestTrees.rawName(listed.get(0)));
        assertEquals("raw", Files.readString(file));
        assertEquals(RelPath.of(name), TestTrees.relPath(tmp, listed.get(0)));
    }

    @Test
    void resolveAndRelPathAreInverse() {
        RelPath rel = RelPath.of("dir/sub").resolve(TestTrees.nonUtf8Name("f"));
        Path p = TestTrees.resolve(tmp, rel);

        assertEquals(rel, TestTrees.relPath(tmp, p));
        assertEquals(RelPath.BASE, TestTrees.relPath(tmp, tmp));
        assertThrows(IllegalArgumentException.class, () -> TestTrees.relPath(tmp.resolve("x"), tmp));
    }

    @Test
    void symlinkTargetsKeepRawBytesRelativeOrAbsolute() {
        byte[] relative = TestTrees.nonUtf8Name("../up/t");
        byte[] absolute = TestTrees.nonUtf8Name("/abs/t");

        assertArrayEquals(relative, TestTrees.symlinkTarget(TestTrees.symlink(tmp.resolve("r"), relative)));
        assertArrayEquals(absolute, TestTrees.symlinkTarget(TestTrees.symlink(tmp.resolve("a"), absolute)));
        assertArrayEquals("..".getBytes(), TestTrees.symlinkTarget(TestTrees.symlink(tmp.resolve("sub/p"), "..")));
    }

    @Test
    void childRejectsSeparators() {
        assertThrows(IllegalArgumentException.class, () -> TestTrees.child(tmp, "a/b".getBytes()));
    }

    @Test
    void deleteTreeDoesNotFollowSymlinks() throws Exception {
        Path keep = TestTrees.write(tmp.resolve("keep/file"), "kept");
        Path doomed = tmp.resolve("doomed");
        TestTrees.symlink(doomed.resolve("link"), keep.getParent().toString());

        TestTrees.deleteTree(doomed);

        assertEquals(false, Files.exists(doomed));
        assertEquals("kept", Files.readString(keep));
    }
}
