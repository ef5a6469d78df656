package io.syncfleet.watcher.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.fs.WatchedDirs.Dir;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WatchedDirsTest {

    private final WatchedDirs dirs = new WatchedDirs();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private RelPath path(int wd) {
        return dirs.pathOf(dirs.get(wd));
    }

    @Test
    void pathsAreBuiltFromParentsAndNames() {
        Dir www = dirs.attachRoot(1, RelPath.of("site/www"));
        Dir css = dirs.attach(2, www, b("css"));
        dirs.attach(3, css, new byte[] {'-', (byte) 0xff, '\n'});
        assertEquals(RelPath.of("site/www/css"), path(2));
        assertArrayEquals(new byte[] {'s', 'i', 't', 'e', '/', 'w', 'w', 'w', '/', 'c', 's', 's', '/', '-', (byte) 0xff,
                '\n'}, path(3).bytes());
        assertEquals(RelPath.of("site/www/css/a.css"), dirs.childPath(css, b("a.css")));
        assertEquals(3, dirs.size());
        assertTrue(dirs.isRoot(www));
    }

    @Test
    void theBaseAsRootAddsNoPrefix() {
        Dir base = dirs.attachRoot(1, RelPath.BASE);
        Dir a = dirs.attach(2, base, b("a"));
        assertEquals(RelPath.BASE, dirs.pathOf(base));
        assertEquals(RelPath.of("a"), dirs.pathOf(a));
        assertEquals(RelPath.of("top"), dirs.childPath(base, b("top")));
        assertEquals(RelPath.of("a/f"), dirs.childPath(a, b("f")));
    }

    @Test
    void attachingAKnownWatchAgainIsANoOp() {
        Dir root = dirs.attachRoot(1, RelPath.of("www"));
        Dir a = dirs.attach(2, root, b("a"));
        assertSame(a, dirs.attach(2, root, b("a")));
        assertSame(root, dirs.attachRoot(1, RelPath.of("www")));
        assertEquals(2, dirs.size());
    }

    @Test
    void aRenameMovesTheWholeSubtree() {
        Dir root = dirs.attachRoot(1, RelPath.of("www"));
        Dir img = dirs.attach(2, root, b("img"));
        Dir a = dirs.attach(3, img, b("a"));
        dirs.attach(4, a, b("b"));
        Dir css = dirs.attach(5, root, b("css"));
        assertSame(img, dirs.attach(2, css, b("pictures")), "the kernel returns the inode's watch under its new name");
        assertEquals(RelPath.of("www/css/pictures/a/b"), path(4));
        assertEquals(5, dirs.size());
        int[] removed = dirs.removeSubtree(css);
        Arrays.sort(removed);
        assertArrayEquals(new int[] {2, 3, 4, 5}, removed);
        assertEquals(1, dirs.size());
        assertNull(dirs.get(3));
    }

    @Test
    void removingAChildKeepsItsSiblings() {
        Dir root = dirs.attachRoot(1, RelPath.of("www"));
        for (int wd = 2; wd <= 6; wd++) {
            dirs.attach(wd, root, b("d" + wd));
        }
        dirs.removeSubtree(dirs.get(4));
        dirs.removeSubtree(dirs.get(6));
        dirs.removeSubtree(dirs.get(2));
        int[] rest = dirs.removeSubtree(root);
        Arrays.sort(rest);
        assertArrayEquals(new int[] {1, 3, 5}, rest);
        assertEquals(0, dirs.size());
        assertArrayEquals(new int[0], dirs.removeSubtree(root), "already gone");
    }

    @Test
    void aDirectoryCannotMoveIntoItself() {
        Dir root = dirs.attachRoot(1, RelPath.of("www"));
        Dir a = dirs.attach(2, root, b("a"));
        Dir b = dirs.attach(3, a, b("b"));
        assertNull(dirs.attach(2, b, b("loop")), "a bind mount can show a directory inside itself");
        assertEquals(RelPath.of("www/a/b"), dirs.pathOf(b));
    }

    @Test
    void nothingAttachesBelowARemovedDirectory() {
        Dir root = dirs.attachRoot(1, RelPath.of("www"));
        Dir a = dirs.attach(2, root, b("a"));
        dirs.removeSubtree(a);
        assertNull(dirs.attach(3, a, b("late")));
        assertNull(dirs.get(3));
    }

    @Test
    void aSweepDropsWhatTheLastWalkDidNotFind() {
        Dir root = dirs.attachRoot(1, RelPath.of("www"));
        Dir keep = dirs.attach(2, root, b("keep"));
        Dir gone = dirs.attach(3, root, b("gone"));
        dirs.attach(4, gone, b("below"));
        Dir moved = dirs.attach(5, keep, b("moved"));
        dirs.beginGeneration();
        dirs.attachRoot(1, RelPath.of("www"));
        dirs.attach(2, root, b("keep"));
        dirs.attach(5, root, b("moved-here"));
        dirs.attach(6, moved, b("new"));
        int[] swept = dirs.sweep();
        Arrays.sort(swept);
        assertArrayEquals(new int[] {3, 4}, swept);
        assertEquals(RelPath.of("www/moved-here/new"), path(6));
        assertEquals(4, dirs.size());
    }

    @Test
    void theTableGrowsAndFindsEveryWatch() {
        Dir root = dirs.attachRoot(1, RelPath.of("www"));
        for (int wd = 2; wd < 20_000; wd++) {
            dirs.attach(wd, root, b("d" + wd));
        }
        assertEquals(19_999, dirs.size());
        for (int wd = 2; wd < 20_000; wd++) {
            assertEquals(RelPath.of("www/d" + wd), path(wd));
        }
        dirs.removeAll();
        assertEquals(0, dirs.size());
        assertNull(dirs.get(5));
    }
}
