package io.syncfleet.worker.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.RsyncConfig;
import io.syncfleet.common.config.SourceConfig;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.path.RelPath;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RsyncPlannerTest {

    private static final Path BASE = Path.of("/data/www");
    private static final TargetUrl DAEMON = TargetUrl.parse("rsync://10.0.0.1:873/www");
    private static final TargetUrl SSH = TargetUrl.parse("deploy@web2:/srv/www");
    private static final Predicate<RelPath> ALL_EXIST = p -> true;
    /** A directory: the base, or a name without a dot ("template/sub"; "template/a.html" is a file). */
    private static final Predicate<RelPath> DIRS = p -> p.isBase()
            || new String(p.fileName(), StandardCharsets.UTF_8).indexOf('.') < 0;

    private static RsyncPlanner planner(List<String> roots, List<String> excludes, List<String> extraArgs,
                                        Duration timeout) {
        return new RsyncPlanner(new RsyncConfig("rsync", extraArgs, timeout, 160, 12, 6, true),
                new SourceConfig(BASE, roots.stream().map(RelPath::of).toList(), excludes));
    }

    private static RsyncPlanner planner() {
        return planner(List.of("template", "resource"), List.of(), List.of(), Duration.ofSeconds(10));
    }

    private static PendingWork change(String... paths) {
        return PendingWork.of(List.of(batch("b1", ChangeKind.CHANGE, paths)));
    }

    private static ChangeBatch batch(String id, ChangeKind kind, String... paths) {
        return ChangeBatch.of(id, kind, Stream.of(paths).map(RelPath::of).toList(), 1000, 1001, "w1");
    }

    /** Exists unless the path or one of its ancestors is in {@code gone}. */
    private static Predicate<RelPath> goneAt(String... gone) {
        Set<RelPath> g = Stream.of(gone).map(RelPath::of).collect(Collectors.toSet());
        return p -> {
            for (RelPath a = p; a != null; a = a.parent()) {
                if (g.contains(a)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static byte[] nulList(String... paths) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : paths) {
            out.writeBytes(p.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    private static RsyncInvocation only(SyncPlan plan) {
        assertEquals(1, plan.invocations().size(), () -> "invocations: " + plan.invocations());
        return plan.invocations().get(0);
    }

    @Test
    void aListedDirectoryAlsoHasItsEntriesReconciledAfterThePush() {
        Predicate<RelPath> dirs = p -> p.equals(RelPath.of("template/sub")) || p.equals(RelPath.of("resource"));
        SyncPlan plan = planner().plan(change("template/sub", "template/sub/a.html", "resource", "template/b.html"),
                DAEMON, ALL_EXIST, dirs);
        assertEquals(2, plan.invocations().size(), () -> "invocations: " + plan.invocations());
        assertEquals(RsyncInvocation.Kind.INCREMENTAL, plan.invocations().get(0).kind());
        RsyncInvocation listing = plan.invocations().get(1);
        assertEquals(RsyncInvocation.Kind.LISTING, listing.kind());
        assertEquals(List.of("rsync", "-aRd", "--from0", "--files-from=-", "--ignore-missing-args", "--delete",
                "--force",
                "--sockopts=TCP_NODELAY", "--info=progress2", "--timeout=10", "--contimeout=10", ".",
                "rsync://10.0.0.1:873/www/"), listing.argv());
        assertArrayEquals(nulList("resource/", "template/sub/"), listing.filesFrom());
        assertFalse(listing.argv().contains("-I"), "the listing is a quick check: changed files are in the push");
    }

    @Test
    void noListingWithoutADirectory() {
        assertEquals(1, planner().plan(change("template/a.html"), DAEMON, ALL_EXIST, p -> false).invocations().size());
    }

    @Test
    void incrementalPushToADaemonHasEveryMeasuredFlag() {
        RsyncInvocation inv = only(planner().plan(change("template/b.html", "template/a.html"), DAEMON, ALL_EXIST));

        assertEquals(List.of("rsync", "-aRI", "--from0", "--files-from=-", "--ignore-missing-args", "--force",
                "--sockopts=TCP_NODELAY", "--info=progress2", "--timeout=10", "--contimeout=10", ".", "rsync://10.0.0.1:873/www/"),
                inv.argv());
        assertArrayEquals(nulList("template/a.html", "template/b.html"), inv.filesFrom());
        assertEquals(RsyncInvocation.Kind.INCREMENTAL, inv.kind());
        assertEquals(RelPath.BASE, inv.root());
        assertEquals(BASE, inv.workDir());
        assertEquals(2, inv.pathCount());
    }

    @Test
    void sshDestinationGetsNoContimeout() {
        RsyncInvocation inv = only(planner().plan(change("template/a"), SSH, ALL_EXIST));

        assertEquals(List.of("rsync", "-aRI", "--from0", "--files-from=-", "--ignore-missing-args", "--force",
                "--sockopts=TCP_NODELAY", "--info=progress2", "--timeout=10", ".", "deploy@web2:/srv/www/"), inv.argv());
    }

    @Test
    void excludesAndExtraArgsComeBeforeTheSourceInConfigOrder() {
        RsyncPlanner p = planner(List.of("."), List.of("*.git", ".~tmp~/"), List.of("--chmod=D755", "-z"),
                Duration.ofMillis(2500));
        RsyncInvocation inv = only(p.plan(change("x"), DAEMON, ALL_EXIST));

        assertEquals(List.of("rsync", "-aRI", "--from0", "--files-from=-", "--ignore-missing-args", "--force",
                "--sockopts=TCP_NODELAY", "--info=progress2", "--timeout=3", "--contimeout=3", "--exclude=*.git", "--exclude=.~tmp~/",
                "--chmod=D755", "-z", ".", "rsync://10.0.0.1:873/www/"), inv.argv());
    }

    @Test
    void aSubSecondTimeoutIsRoundedUpNotToZeroWhichWouldMeanNoTimeout() {
        RsyncInvocation inv = only(planner(List.of("."), List.of(), List.of(), Duration.ofMillis(200))
                .plan(change("x"), DAEMON, ALL_EXIST));
        assertTrue(inv.argv().contains("--timeout=1"), inv.argv()::toString);
    }

    @Test
    void rawNamesReachFilesFromByteForByte() {
        byte[] odd = {'t', 'e', 'm', 'p', 'l', 'a', 't', 'e', '/', '-', 'a', '\n', 'b', (byte) 0xff, ' '};
        PendingWork work = PendingWork.of(List.of(ChangeBatch.of("b", ChangeKind.CHANGE, List.of(RelPath.of(odd)), 1,
                1, "w")));
        RsyncInvocation inv = only(planner().plan(work, DAEMON, ALL_EXIST));

        byte[] expected = Arrays.copyOf(odd, odd.length + 1);
        assertArrayEquals(expected, inv.filesFrom());
    }

    /** The kinds of the plan's runs and what each lists, e.g. "INCREMENTAL [a.html]". */
    private static List<String> runs(SyncPlan plan) {
        return plan.invocations().stream().map(i -> i.kind() + " " + i.listed()).toList();
    }

    @Test
    void aMissingFileIsDeletedByTheListingOfItsParentAndNothingIsPushed() {
        SyncPlan plan = planner().plan(change("template/old.html"), DAEMON, goneAt("template/old.html"), DIRS);

        assertEquals(List.of("LISTING [template]"), runs(plan));
        assertArrayEquals(nulList("template/"), plan.invocations().get(0).filesFrom());
        assertFalse(plan.invocations().get(0).argv().contains("--delete-missing-args"),
                "Debian 12's rsync rejects its missing entries as a receiver, with the whole run");
    }

    @Test
    void aDeletionListsTheParentOfTheTopmostMissingAncestorAndDropsWhatItContains() {
        PendingWork work = change("template/x/y/z", "template/x/y", "template/x/w", "template/keep.html",
                "template/sub/old.html");
        SyncPlan plan = planner().plan(work, DAEMON, goneAt("template/x", "template/sub/old.html"), DIRS);

        assertEquals(List.of("INCREMENTAL [template/keep.html]", "LISTING [template, template/sub]"), runs(plan));
    }

    @Test
    void deletionsInOneDirectoryAskAboutTheirParentOnce() {
        List<RelPath> asked = new ArrayList<>();
        SyncPlan plan = planner().plan(change("template/a.html", "template/b.html", "template/c.html"), DAEMON,
                goneAt("template/a.html", "template/b.html", "template/c.html"), p -> asked.add(p) && DIRS.test(p));

        assertEquals(List.of("LISTING [template]"), runs(plan));
        assertEquals(List.of(RelPath.of("template")), asked, "one lstat of the parent, not one per deletion");
    }

    @Test
    void aChangedDirectoryAndADeletedEntryShareOneListing() {
        SyncPlan plan = planner().plan(change("template/sub", "template/sub/gone.html"), DAEMON,
                goneAt("template/sub/gone.html"), DIRS);

        assertEquals(List.of("INCREMENTAL [template/sub]", "LISTING [template/sub]"), runs(plan));
    }

    @Test
    void nothingBelowAMissingWatchedRootIsDeleted() {
        // the whole root is gone (an unmounted disk?): neither it nor anything below it is deleted
        SyncPlan plan = planner().plan(change("template/a/b", "template/c"), DAEMON, goneAt("template"), DIRS);

        assertEquals(List.of(), runs(plan));
    }

    @Test
    void aMissingWatchedRootIsReportedNotDeleted() {
        SyncPlan plan = planner().plan(change("template", "resource/r.css"), DAEMON, goneAt("template"), DIRS);

        assertEquals(List.of(RelPath.of("template")), plan.missingRoots());
        assertEquals(List.of("INCREMENTAL [resource/r.css]"), runs(plan));
    }

    @Test
    void withTheBaseAsRootDeletionsMayReachTopLevelNames() {
        RsyncPlanner p = planner(List.of("."), List.of(), List.of(), Duration.ofSeconds(10));
        SyncPlan plan = p.plan(change("a/b/c/d"), DAEMON, goneAt("a"), DIRS);

        assertEquals(List.of("LISTING [.]"), runs(plan));
        assertArrayEquals(nulList("./"), plan.invocations().get(0).filesFrom());
    }

    @Test
    void aPathOutsideEveryRootIsNeverDeleted() {
        assertEquals(List.of(), runs(planner().plan(change("other/x/y"), DAEMON, goneAt("other"), DIRS)));
        assertEquals(List.of(), runs(planner().plan(change("other"), DAEMON, goneAt("other"), DIRS)));
    }

    @Test
    void aNestedRootLimitsNothingWhenAnOuterRootContainsIt() {
        RsyncPlanner p = planner(List.of("www", "www/static"), List.of(), List.of(), Duration.ofSeconds(10));
        SyncPlan plan = p.plan(change("www/static/img/a.png"), DAEMON, goneAt("www/static"), DIRS);
        assertEquals(List.of("LISTING [www]"), runs(plan));
    }

    @Test
    void fullSyncOfTheBaseUsesDotSlashWithoutRelative() {
        PendingWork work = PendingWork.of(List.of(batch("r", ChangeKind.RESCAN, ".")));
        RsyncInvocation inv = only(planner(List.of("."), List.of("*.tmp"), List.of(), Duration.ofSeconds(10))
                .plan(work, DAEMON, ALL_EXIST));

        assertEquals(List.of("rsync", "-a", "--delete", "--force", "--sockopts=TCP_NODELAY", "--info=progress2", "--timeout=10",
                "--contimeout=10", "--exclude=*.tmp", "./", "rsync://10.0.0.1:873/www/"), inv.argv());
        assertEquals(RsyncInvocation.Kind.FULL, inv.kind());
        assertEquals(0, inv.filesFrom().length);
        assertEquals(RelPath.BASE, inv.root());
    }

    @Test
    void fullSyncOfARootKeepsItsPathWithRelative() {
        PendingWork work = PendingWork.of(List.of(batch("r", ChangeKind.RESCAN, "template")));
        RsyncInvocation inv = only(planner().plan(work, SSH, ALL_EXIST));

        assertEquals(List.of("rsync", "-aR", "--delete", "--force", "--sockopts=TCP_NODELAY", "--info=progress2", "--timeout=10",
                "./template", "deploy@web2:/srv/www/"), inv.argv());
        assertEquals(RelPath.of("template"), inv.root());
        assertEquals(0, inv.filesFrom().length);
    }

    @Test
    void fullSyncOfANonAsciiRootGoesThroughFilesFrom() {
        byte[] raw = {'t', '/', (byte) 0xe9, 't', (byte) 0xff};
        PendingWork work = PendingWork.of(List.of(ChangeBatch.of("r", ChangeKind.RESCAN, List.of(RelPath.of(raw)), 1,
                1, "w")));
        RsyncInvocation inv = only(planner(List.of("."), List.of(), List.of(), Duration.ofSeconds(10))
                .plan(work, DAEMON, ALL_EXIST));

        assertEquals(List.of("rsync", "-aR", "-r", "--from0", "--files-from=-", "--delete", "--force",
                "--sockopts=TCP_NODELAY", "--info=progress2", "--timeout=10", "--contimeout=10", ".", "rsync://10.0.0.1:873/www/"),
                inv.argv());
        assertArrayEquals(Arrays.copyOf(raw, raw.length + 1), inv.filesFrom());
    }

    @Test
    void pathsUnderARescannedRootAreSubsumedOthersStillPushed() {
        PendingWork work = PendingWork.of(List.of(
                batch("b1", ChangeKind.CHANGE, "template/a", "resource/r"),
                batch("b2", ChangeKind.RESCAN, "template"),
                batch("b3", ChangeKind.CHANGE, "template/b")));
        SyncPlan plan = planner().plan(work, DAEMON, ALL_EXIST);

        assertEquals(2, plan.invocations().size());
        RsyncInvocation full = plan.invocations().get(0);
        RsyncInvocation push = plan.invocations().get(1);
        assertEquals(RsyncInvocation.Kind.FULL, full.kind());
        assertEquals("./template", full.argv().get(full.argv().size() - 2));
        assertArrayEquals(nulList("resource/r"), push.filesFrom());
        assertTrue(plan.hasFullSync());
    }

    @Test
    void aRescanOfTheBaseSubsumesEverything() {
        PendingWork work = PendingWork.of(List.of(
                batch("b1", ChangeKind.CHANGE, "template/a", "resource/r"),
                batch("b2", ChangeKind.RESCAN, "template", ".")));
        RsyncInvocation inv = only(planner().plan(work, DAEMON, ALL_EXIST));
        assertEquals("./", inv.argv().get(inv.argv().size() - 2));
    }

    @Test
    void aMissingRescanRootIsSkippedAndReported() {
        PendingWork work = PendingWork.of(List.of(batch("r", ChangeKind.RESCAN, "template")));
        SyncPlan plan = planner().plan(work, DAEMON, goneAt("template"));

        assertTrue(plan.invocations().isEmpty());
        assertEquals(List.of(RelPath.of("template")), plan.missingRoots());
    }

    @Test
    void heartbeatsPlanNothing() {
        PendingWork work = PendingWork.of(List.of(batch("h", ChangeKind.HEARTBEAT)));
        SyncPlan plan = planner().plan(work, DAEMON, ALL_EXIST);
        assertTrue(plan.invocations().isEmpty());
        assertTrue(plan.missingRoots().isEmpty());
    }

    @Test
    void theSourceIsAskedAboutEachPathAtMostOnce() {
        java.util.List<RelPath> asked = new java.util.ArrayList<>();
        Predicate<RelPath> gone = goneAt("template/x");
        planner().plan(change("template/x/a/1", "template/x/a/2", "template/x/b"), DAEMON, p -> {
            asked.add(p);
            return gone.test(p);
        });
        assertEquals(asked.size(), Set.copyOf(asked).size(), asked::toString);
    }
}
