package io.syncfleet.watcher.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.domain.PushPathPolicy.Accepted;
import io.syncfleet.watcher.domain.PushPathPolicy.Decision;
import io.syncfleet.watcher.domain.PushPathPolicy.Rejected;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PushPathPolicyTest {

    /** A source tree described in memory: directories, symlinks, and everything else is a file or gone. */
    private static final class Tree implements PushPathPolicy.SourceFacts {
        final Map<RelPath, EntryType> types = new HashMap<>();
        final Set<RelPath> links;

        Tree(Set<String> dirs, Set<String> files, Set<String> links) {
            dirs.forEach(d -> types.put(RelPath.of(d), EntryType.DIRECTORY));
            files.forEach(f -> types.put(RelPath.of(f), EntryType.FILE));
            this.links = Set.copyOf(links.stream().map(RelPath::of).toList());
            this.links.forEach(l -> types.put(l, EntryType.FILE));
        }

        @Override
        public boolean isSymlink(RelPath path) {
            return links.contains(path);
        }

        @Override
        public EntryType typeOf(RelPath path) {
            return types.getOrDefault(path, EntryType.UNKNOWN);
        }
    }

    private final Tree tree = new Tree(Set.of("www", "www/img", "www/.git", "static", "private"),
            Set.of("www/index.html", "www/img/logo.png", "www/x.tmp", "static/app.js", "private/key"),
            Set.of("www/up", "www/inside"));
    private final PushPathPolicy policy = new PushPathPolicy(bytes("/srv/site"),
            WatchRoots.of(List.of(RelPath.of("www"), RelPath.of("static"))),
            ExcludeFilter.of(List.of("*.git", "*.tmp", "/static/cache/")));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Decision decide(String given) {
        return policy.decide(bytes(given), tree);
    }

    private void accepts(String given, String path, boolean directory) {
        assertEquals(new Accepted(given, RelPath.of(path), directory), decide(given), given);
    }

    private void rejects(String given, String reason) {
        assertEquals(new Rejected(given, reason), decide(given), given);
    }

    @Test
    void relativePathsAreBelowTheBaseDir() {
        accepts("www/index.html", "www/index.html", false);
        accepts("static/app.js", "static/app.js", false);
        accepts("www/img", "www/img", true);
        accepts("www", "www", true);
    }

    @Test
    void absolutePathsBelowTheBaseDirAreMadeRelative() {
        accepts("/srv/site/www/index.html", "www/index.html", false);
        accepts("/srv/site/www/img/", "www/img", true);
        accepts("/srv/site//www/./img", "www/img", true);
    }

    @Test
    void dotSegmentsAndRepeatedSlashesAreDropped() {
        accepts("./www//img/./logo.png", "www/img/logo.png", false);
        accepts("www/img/", "www/img", true);
    }

    @Test
    void aPathThatIsGoneIsPushedSoItsDeletionReachesTheTargets() {
        accepts("www/deleted.html", "www/deleted.html", false);
    }

    @Test
    void absolutePathsOutsideTheBaseDirAreRejected() {
        String outside = "outside source.baseDir [/srv/site]; nothing outside it is ever sent";
        rejects("/etc/passwd", outside);
        rejects("/srv/site-other/www/x", outside);
        rejects("/srv", outside);
        rejects("/", outside);
    }

    @Test
    void dotDotIsRejectedWhereverItLeads() {
        String dotDot = "'..' is not allowed (it could escape source.baseDir); give the path without it";
        rejects("../etc/passwd", dotDot);
        rejects("www/../../etc/passwd", dotDot);
        rejects("www/img/../index.html", dotDot);
        rejects("/srv/site/www/../private/key", dotDot);
        rejects("..", dotDot);
    }

    @Test
    void pathsOutsideTheRootsAreRejected() {
        String outside = "outside source.paths [www, static] below source.baseDir [/srv/site]";
        rejects("private/key", outside);
        rejects("/srv/site/private", outside);
        rejects("/srv/site", outside);
        rejects(".", outside);
        rejects("wwwx/index.html", outside);
    }

    @Test
    void pathsThroughASymlinkAreRejectedButALinkItselfIsPushed() {
        rejects("www/up/etc/passwd", "goes through the symbolic link [www/up], which rsync would follow; push the path"
                + " it points to instead");
        rejects("/srv/site/www/inside/x", "goes through the symbolic link [www/inside], which rsync would follow; push"
                + " the path it points to instead");
        accepts("www/up", "www/up", false);
    }

    @Test
    void excludedPathsAreRejected() {
        String excluded = "excluded by source.exclude [*.git, *.tmp, /static/cache/]";
        rejects("www/x.tmp", excluded);
        rejects("www/.git", excluded);
        rejects("www/.git/config", excluded);
        rejects("static/cache/a/b", excluded);
        rejects("www/gone.tmp", excluded);
    }

    @Test
    void emptyAndNulPathsAreRejected() {
        rejects("", "empty path");
        assertEquals(new Rejected("www/a\0b", "holds a NUL byte"), policy.decide(bytes("www/a\0b"), tree));
    }

    @Test
    void rawBytesThatAreNotUtf8Survive() {
        byte[] odd = {'w', 'w', 'w', '/', 'b', (byte) 0xff, '\n', '-'};
        Decision d = policy.decide(odd, tree);
        assertEquals(RelPath.of(odd), ((Accepted) d).path());
    }

    @Test
    void everyPathIsDecidedInOrder() {
        List<Decision> ds = policy.decide(List.of(bytes("www/index.html"), bytes("../x")), tree);
        assertEquals(Accepted.class, ds.get(0).getClass());
        assertEquals(Rejected.class, ds.get(1).getClass());
        assertEquals("[../x]: '..' is not allowed (it could escape source.baseDir); give the path without it",
                ((Rejected) ds.get(1)).line());
    }

    @Test
    void aBaseDirOfSlashHoldsEveryAbsolutePath() {
        PushPathPolicy rootBase = new PushPathPolicy(bytes("/"), WatchRoots.of(List.of(RelPath.of("srv"))),
                ExcludeFilter.NONE);
        Tree t = new Tree(Set.of("srv"), Set.of(), Set.of());
        assertEquals(new Accepted("/srv/a", RelPath.of("srv/a"), false), rootBase.decide(bytes("/srv/a"), t));
        assertEquals(Rejected.class, rootBase.decide(bytes("/etc/a"), t).getClass());
    }

    @Test
    void theBaseDirMustBeAbsolute() {
        assertThrows(IllegalArgumentException.class, () -> new PushPathPolicy(bytes("srv"),
                WatchRoots.of(List.of(RelPath.BASE)), ExcludeFilter.NONE));
    }
}
