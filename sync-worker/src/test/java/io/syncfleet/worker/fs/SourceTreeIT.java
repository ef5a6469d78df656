package io.syncfleet.worker.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.testkit.TestTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Existence checks on a real tree, with names Java strings cannot hold. */
class SourceTreeIT {

    @TempDir
    Path base;

    @Test
    void checksExistenceByRawBytesWithoutFollowingSymlinks() throws Exception {
        byte[] odd = TestTrees.nonUtf8Name("caf");
        Path dir = TestTrees.mkdirs(TestTrees.child(base, odd));
        TestTrees.write(dir.resolve("file with space"), "x");
        TestTrees.symlink(base.resolve("dangling"), "no/such/target");
        SourceTree tree = new SourceTree(base);

        RelPath oddDir = RelPath.of(odd);
        assertTrue(tree.test(oddDir));
        assertTrue(tree.test(oddDir.resolve("file with space".getBytes())));
        assertFalse(tree.test(oddDir.resolve("missing".getBytes())));
        assertTrue(tree.test(RelPath.of("dangling")), "a dangling symlink exists for rsync");
        assertTrue(tree.test(RelPath.BASE));
        assertFalse(tree.test(RelPath.of("%41")), "percent signs are names, not escapes");
        Files.writeString(base.resolve("%41"), "y");
        assertTrue(tree.test(RelPath.of("%41")));
        assertFalse(tree.test(RelPath.of("A")));
        assertEquals(TestTrees.rawName(dir).length, odd.length);
    }
}
