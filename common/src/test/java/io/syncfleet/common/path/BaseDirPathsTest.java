package io.syncfleet.common.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Pure conversions; the non-UTF-8 round trip through real files is covered by the watcher and worker ITs. */
class BaseDirPathsTest {

    @Test
    void relativeAndBackAgain() {
        Path base = Path.of("/data/www");
        RelPath rel = RelPath.of(new byte[] {'t', '/', 'a', (byte) 0xff, ' ', '%', '#', '?', '\n'});
        Path abs = new BaseDirPaths(base).toPath(rel);
        assertEquals(rel, new BaseDirPaths(base).toRel(abs));
    }

    @Test
    void baseItself() {
        assertEquals(RelPath.BASE, new BaseDirPaths(Path.of("/data/www")).toRel(Path.of("/data/www")));
        assertEquals(Path.of("/data/www"), new BaseDirPaths(Path.of("/data/www")).toPath(RelPath.BASE));
    }

    @Test
    void rootBase() {
        assertEquals(RelPath.of("a/b"), new BaseDirPaths(Path.of("/")).toRel(Path.of("/a/b")));
    }

    @Test
    void outsideBaseIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BaseDirPaths(Path.of("/data/www"))
                .toRel(Path.of("/data/wwwx/a")));
        assertThrows(IllegalArgumentException.class, () -> new BaseDirPaths(Path.of("/data/www")).toRel(Path.of("/etc")));
    }
}
