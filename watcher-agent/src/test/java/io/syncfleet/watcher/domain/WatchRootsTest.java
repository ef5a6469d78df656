package io.syncfleet.watcher.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.syncfleet.common.path.RelPath;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WatchRootsTest {

    private static RelPath p(String s) {
        return RelPath.of(s);
    }

    @Test
    void dropsRepeatsAndNestedRootsKeepingOrder() {
        WatchRoots r = WatchRoots.of(List.of(p("b"), p("a/x"), p("a"), p("b"), p("ab")));
        assertEquals(List.of(p("b"), p("a"), p("ab")), r.roots());
    }

    @Test
    void baseCoversEveryOtherRoot() {
        assertEquals(List.of(RelPath.BASE), WatchRoots.of(List.of(p("a"), RelPath.BASE, p("c/d"))).roots());
    }

    @Test
    void mapsPathsToTheirRoots() {
        WatchRoots r = WatchRoots.of(List.of(p("template"), p("resource")));
        assertEquals(Optional.of(p("template")), r.rootOf(p("template/a/b")));
        assertEquals(Optional.of(p("resource")), r.rootOf(p("resource")));
        assertEquals(Optional.empty(), r.rootOf(p("templates/x")));
        assertEquals(Set.of(p("template"), p("resource"), p("elsewhere")),
                r.rootsOf(List.of(p("resource/x"), p("template/y"), p("template/z"), p("elsewhere"))));
    }
}
