package io.syncfleet.common.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Pure conversions; the non-UTF-8 round trip through real files is covered by the watcher and worker ITs. */
class PathUrisTest {

    @Test
    void relativeAndBackAgain() {
        Path base = Path.of("/data/www");
        RelPath rel = RelPath.of(new byte[] {'t', '/', 'a', (byte) 0xff, ' ', '%', '#', '?', '\n'});
        Path abs = PathUris.toPath(base, rel);
        assertEquals(rel, PathUris.relativize(base, abs));
    }

    @Test
    void baseItself() {
        assertEquals(RelPath.BASE, PathUris.relativize(Path.of("/data/www"), Path.of("/data/www")));
        assertEquals(Path.of("/data/www"), PathUris.toPath(Path.of("/data/www"), RelPath.BASE));
    }

    @Test
    void rootBase() {
        assertEquals(RelPath.of("a/b"), PathUris.relativize(Path.of("/"), Path.of("/a/b")));
    }

    @Test
    void outsideBaseIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PathUris.relativize(Path.of("/data/www"),
                Path.of("/data/wwwx/a")));
        assertThrows(IllegalArgumentException.class, () -> PathUris.relativize(Path.of("/data/www"), Path.of("/etc")));
    }
}
