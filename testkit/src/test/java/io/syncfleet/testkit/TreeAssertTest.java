package io.syncfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeAssertTest {

    private static final List<String> NONE = List.of();

    @TempDir
    Path tmp;

    private Path a;
    private Path b;

    @BeforeEach
    void twoEqualTrees() {
        a = tmp.resolve("a");
        b = tmp.resolve("b");
        for (Path root : List.of(a, b)) {
            TestTrees.write(root, "top.txt", "top");
            TestTrees.write(root, "dir/nested/deep.bin", "deep");
            TestTrees.symlink(root.resolve("dir/link"), "nested/deep.bin");
            TestTrees.write(TestTrees.child(TestTrees.mkdirs(root.resolve("odd")), TestTrees.nonUtf8Name("x")), "raw");
            TestTrees.chmod(root.resolve("top.txt"), "rw-r-----");
        }
    }

    @Test
    void equalTreesHaveNoDifferences() {
        assertEquals(List.of(), TreeAssert.differences(a, b, NONE));
        assertTrue(TreeAssert.sameTree(a, b, NONE));
        TreeAssert.assertSameTree(a, b, NONE);
    }

    @Test
    void detectsContentOfTheSameSize() {
        TestTrees.write(b.resolve("top.txt"), "tip");

        assertEquals(List.of("top.txt: content differs at byte 1 (both 3 bytes)"), TreeAssert.differences(a, b, NONE));
    }

    @Test
    void detectsContentOfAnotherSize() {
        TestTrees.write(b.resolve("dir/nested/deep.bin"), "deeper");

        assertEquals(List.of("dir/nested/deep.bin: content differs, expected 4 bytes but was 6"),
                TreeAssert.differences(a, b, NONE));
    }

    @Test
    void detectsMissingAndUnexpectedNames() throws Exception {
        Files.move(b.resolve("top.txt"), b.resolve("Top.txt"));

        assertEquals(List.of("Top.txt: unexpected on the target (file)", "top.txt: missing on the target (file)"),
                TreeAssert.differences(a, b, NONE));
    }

    @Test
    void detectsSymlinkTargets() throws Exception {
        Files.delete(b.resolve("dir/link"));
        TestTrees.symlink(b.resolve("dir/link"), "nested/other");

        assertEquals(List.of("dir/link: symlink target differs, expected 'nested/deep.bin' but was 'nested/other'"),
                TreeAssert.differences(a, b, NONE));
    }

    @Test
    void aSymlinkIsNotTheFileItPointsTo() throws Exception {
        Files.delete(b.resolve("dir/link"));
        TestTrees.write(b.resolve("dir/link"), "deep");

        assertEquals(List.of("dir/link: type differs, expected symlink but was file"),
                TreeAssert.differences(a, b, NONE));
    }

    @Test
    void detectsPermissionsOfFilesAndDirectories() {
        TestTrees.chmod(b.resolve("top.txt"), "rw-rw-rw-");
        TestTrees.chmod(b.resolve("dir/nested"), "rwx------");

        assertEquals(List.of("dir/nested: permissions differ, expected 0755 but was 0700",
                "top.txt: permissions differ, expected 0640 but was 0666"), TreeAssert.differences(a, b, NONE));
    }

    @Test
    void tellsNonUtf8NamesApart() {
        Path odd = b.resolve("odd");
        TestTrees.write(TestTrees.child(odd, TestTrees.nonUtf8Name("y")), "raw");
        byte[] otherInvalid = {'x', (byte) 0xff, (byte) 0xfd};
        TestTrees.write(TestTrees.child(odd, otherInvalid), "raw");

        assertEquals(List.of("odd/x%FF%FD: unexpected on the target (file)", "odd/y%FF%FE: unexpected on the target (file)"),
                TreeAssert.differences(a, b, NONE));
    }

    @Test
    void excludedSourceEntriesMustBeAbsentOnTheTarget() {
        TestTrees.write(a.resolve("dir/scratch.tmp"), "tmp");
        TestTrees.write(a.resolve(".~tmp~/partial"), "partial");
        List<String> excludes = List.of("*.tmp", ".~tmp~/");
        assertEquals(List.of(), TreeAssert.differences(a, b, excludes));

        TestTrees.write(b.resolve("dir/scratch.tmp"), "tmp");
        TestTrees.write(b.resolve(".~tmp~/partial"), "partial");

        assertEquals(List.of(".~tmp~: excluded on the source but present on the target",
                "dir/scratch.tmp: excluded on the source but present on the target"),
                TreeAssert.differences(a, b, excludes));
    }

    @Test
    void excludedNamesOnlyOnTheTargetAreLeftAlone() {
        TestTrees.write(b.resolve("leftover.tmp"), "rsync does not delete excluded files");

        assertEquals(List.of(), TreeAssert.differences(a, b, List.of("*.tmp")));
        assertEquals(List.of("leftover.tmp: unexpected on the target (file)"), TreeAssert.differences(a, b, NONE));
    }

    @Test
    void assertionListsAtMostTwentyDifferencesWithTheirPaths() {
        for (int i = 0; i < 25; i++) {
            TestTrees.write(a.resolve(String.format("many/f%02d", i)), "x");
        }

        AssertionError e = assertThrows(AssertionError.class, () -> TreeAssert.assertSameTree(a, b, NONE));

        assertTrue(e.getMessage().contains("in 26 places:"), e.getMessage());
        assertTrue(e.getMessage().contains("many/f00: missing on the target (file)"), e.getMessage());
        assertTrue(e.getMessage().contains("many: missing on the target (directory)"), e.getMessage());
        assertTrue(e.getMessage().contains("... and 6 more"), e.getMessage());
        assertEquals(1 + 20 + 1, e.getMessage().split("\n").length, e.getMessage());
    }

    @Test
    void aMissingTargetRootIsADifference() {
        assertEquals(1, TreeAssert.differences(a, tmp.resolve("nope"), NONE).size());
    }
}
