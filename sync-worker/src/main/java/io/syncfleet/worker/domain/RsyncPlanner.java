package io.syncfleet.worker.domain;

import io.syncfleet.common.config.RsyncConfig;
import io.syncfleet.common.config.SourceConfig;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.path.RelPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Turns {@link PendingWork} into the rsync command lines that bring one target up to date. Pure: the
 * only view of the source is the existence predicate it is given (an lstat, see {@code fs.SourceTree}).
 *
 * <p>Why each flag (measured, see MISSION-NOTES "rsync facts"):
 * <ul>
 *   <li>{@code -I}: a same-size rewrite within the same second passes rsync's quick check and would not be
 *       sent; paths named by an event are always compared, the delta algorithm keeps that cheap.</li>
 *   <li>{@code -R --from0 --files-from=-}: paths are relative to {@code source.baseDir} and fed as raw bytes
 *       on stdin, so names with spaces, newlines, leading dashes or invalid UTF-8 arrive intact. With
 *       {@code --files-from}, {@code -a} does not recurse: a listed directory is created with its
 *       attributes, and the watcher lists every path below a new or moved-in directory.</li>
 *   <li>{@code --ignore-missing-args}: a listed path gone at the source since the plan is skipped, not an
 *       error; its delete event follows.</li>
 *   <li>{@code --force}: a non-empty directory on the target can be replaced by a file.</li>
 *   <li>{@code --sockopts=TCP_NODELAY}: about 6 ms per push instead of 90 ms.</li>
 *   <li>{@code --info=progress2}: one progress line for the whole run on stdout (bytes, files checked, ETA):
 *       the progress of full syncs and the bytes of every sync come from it (see {@code RsyncProgress}).</li>
 *   <li>{@code --timeout}: a frozen daemon accepts the connection and then hangs; only the I/O timeout
 *       ends the run. {@code --contimeout} bounds the connect to an rsync daemon (not used over ssh).</li>
 * </ul>
 *
 * <p>A listed path that is a directory at the source also gets its entries reconciled, in a LISTING run
 * after the push: {@code rsync -aRd --delete --force} with the directory given as {@code dir/}, which sends
 * its entries without recursing and deletes the ones the target has and the source no longer has. That is
 * how a directory reported after a watcher's downtime loses entries that were created, synced and deleted
 * again while no watcher saw it (no event names them). Quick check only: the changed files themselves are in
 * the push, with {@code -I}. Excluded entries are never deleted (no {@code --delete-excluded}).
 *
 * <p>Deletions go the same way: a path gone at the source is deleted on the target by the LISTING of its
 * topmost missing ancestor's parent. Only the topmost missing ancestor counts (if {@code x/y/z} is listed and
 * {@code x} is gone, {@code x}'s parent is listed), and the walk up stops at the path's watched root, so
 * nothing above or beside a watched root is ever deleted, and nothing below a root that is missing (an
 * unmounted disk must not empty the targets). Not {@code --delete-missing-args}: Debian 12's rsync
 * (3.2.7-1+deb12u5 and later) rejects its "missing" entries as a receiver ({@code invalid file mode 00},
 * exit 2: rsync's issue 910), and with them every other change of the run.
 *
 * <p>A RESCAN root becomes a full {@code rsync -a --delete} of that root. The root goes on the command line
 * as {@code ./root} (so a leading dash is no option) when it is printable ASCII; any other root is fed
 * through {@code --files-from} with {@code -r}, because a Java command-line string cannot carry arbitrary
 * bytes. The base itself is synced as {@code ./} without {@code -R}.
 */
public final class RsyncPlanner {

    private final RsyncConfig rsync;
    private final SourceConfig source;

    public RsyncPlanner(RsyncConfig rsync, SourceConfig source) {
        this.rsync = rsync;
        this.source = source;
    }

    /**
     * Plans everything in {@code work} with no path taken for a directory: no LISTING run, so no deletions
     * either. For tests of the push alone; the worker plans with {@link #plan(PendingWork, TargetUrl,
     * Predicate, Predicate)}.
     */
    public SyncPlan plan(PendingWork work, TargetUrl target, Predicate<RelPath> existsAtSource) {
        return plan(work, target, existsAtSource, p -> false);
    }

    /**
     * Plans everything in {@code work}: one full sync per existing rescan root, one incremental push of the
     * changed paths that exist, and a LISTING of the changed directories and of the deleted paths' parents. A
     * missing path that is a watched root itself is not deleted but reported in {@link SyncPlan#missingRoots()},
     * like a missing rescan root.
     *
     * @param directoryAtSource true for a path that is a directory at the source (lstat: a symlink is not)
     */
    public SyncPlan plan(PendingWork work, TargetUrl target, Predicate<RelPath> existsAtSource,
                         Predicate<RelPath> directoryAtSource) {
        Predicate<RelPath> exists = memoized(existsAtSource);
        // memoized too: every deletion in one directory asks about the same parent
        Predicate<RelPath> isDirectory = memoized(directoryAtSource);
        List<RsyncInvocation> runs = new ArrayList<>();
        TreeSet<RelPath> missingRoots = new TreeSet<>();
        for (RelPath root : work.rescanRoots()) {
            if (root.isBase() || exists.test(root)) {
                runs.add(full(root, target));
            } else {
                missingRoots.add(root);
            }
        }
        TreeSet<RelPath> present = new TreeSet<>();
        TreeSet<RelPath> deletions = new TreeSet<>();
        for (RelPath p : work.changedPaths()) {
            if (exists.test(p)) {
                present.add(p);
            } else if (source.paths().contains(p)) {
                missingRoots.add(p);
            } else {
                deletions.add(topmostMissing(p, exists));
            }
        }
        List<RelPath> deleted = outermost(deletions);
        List<RelPath> pushed = present.stream().filter(q -> !coveredBy(deleted, q)).toList();
        if (!pushed.isEmpty()) {
            runs.add(incremental(pushed, target));
        }
        TreeSet<RelPath> listed = new TreeSet<>();
        for (RelPath q : pushed) {
            if (isDirectory.test(q)) {
                listed.add(q);
            }
        }
        for (RelPath gone : deleted) {
            RelPath parent = listedParent(gone, exists, isDirectory);
            if (parent != null) {
                listed.add(parent);
            }
        }
        if (!listed.isEmpty()) {
            runs.add(listing(List.copyOf(listed), target));
        }
        return new SyncPlan(runs, List.copyOf(missingRoots));
    }

    /**
     * The directory whose LISTING deletes {@code gone} on the target: its parent, when that parent is inside
     * (or is) the watched root of {@code gone} and is a directory at the source. Null otherwise: a path outside
     * every root is never deleted, nor is anything below a missing root.
     */
    private RelPath listedParent(RelPath gone, Predicate<RelPath> exists, Predicate<RelPath> directoryAtSource) {
        RelPath root = rootOf(gone);
        RelPath parent = gone.parent();
        if (root == null || parent == null || !root.contains(parent)) {
            return null;
        }
        return (parent.isBase() || exists.test(parent)) && directoryAtSource.test(parent) ? parent : null;
    }

    private RsyncInvocation listing(List<RelPath> directories, TargetUrl target) {
        // --ignore-missing-args: a directory gone since the plan has its own delete event, and its parent's
        // listing in the sync that follows it
        List<String> argv = listedArgv(target, "-aRd", "--ignore-missing-args", "--delete", "--force");
        return new RsyncInvocation(RsyncInvocation.Kind.LISTING, RelPath.BASE, source.baseDir(), argv, directories);
    }

    private RsyncInvocation incremental(List<RelPath> pushed, TargetUrl target) {
        // --ignore-missing-args: a path gone since the plan is deleted by the listing of the sync after its
        // delete event
        List<String> argv = listedArgv(target, "-aRI", "--ignore-missing-args", "--force");
        return new RsyncInvocation(RsyncInvocation.Kind.INCREMENTAL, RelPath.BASE, source.baseDir(), argv, pushed);
    }

    /** An rsync of the paths fed on stdin ({@code --from0 --files-from=-}), relative to the base dir. */
    private List<String> listedArgv(TargetUrl target, String mode, String... flags) {
        List<String> argv = new ArrayList<>();
        argv.add(rsync.binary());
        argv.add(mode);
        argv.add("--from0");
        argv.add("--files-from=-");
        argv.addAll(List.of(flags));
        common(argv, target);
        argv.add(".");
        argv.add(target.rsyncDestination());
        return argv;
    }

    /** A full sync of {@code root} with {@code --delete}: afterwards the target's copy of the root equals the source. */
    public RsyncInvocation full(RelPath root, TargetUrl target) {
        List<String> argv = new ArrayList<>();
        argv.add(rsync.binary());
        List<RelPath> listed = List.of();
        String rootArg;
        if (root.isBase()) {
            argv.add("-a");
            rootArg = "./";
        } else if (printableAscii(root)) {
            argv.add("-aR");
            rootArg = "./" + new String(root.bytes(), StandardCharsets.US_ASCII);
        } else {
            argv.add("-aR");
            argv.add("-r");
            argv.add("--from0");
            argv.add("--files-from=-");
            listed = List.of(root);
            rootArg = ".";
        }
        argv.add("--delete");
        argv.add("--force");
        common(argv, target);
        argv.add(rootArg);
        argv.add(target.rsyncDestination());
        return new RsyncInvocation(RsyncInvocation.Kind.FULL, root, source.baseDir(), argv, listed);
    }

    private void common(List<String> argv, TargetUrl target) {
        argv.add("--sockopts=TCP_NODELAY");
        argv.add("--info=progress2");
        String seconds = String.valueOf(seconds(rsync.timeout()));
        argv.add("--timeout=" + seconds);
        if (target.daemon()) {
            argv.add("--contimeout=" + seconds);
        }
        for (String pattern : source.exclude()) {
            argv.add("--exclude=" + pattern);
        }
        argv.addAll(rsync.extraArgs());
    }

    /** rsync takes whole seconds, and 0 would mean "no timeout": round up, at least 1. */
    static long seconds(Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        return Math.max(1, s);
    }

    /**
     * The highest missing ancestor of a missing path, strictly below the outermost watched root that contains
     * it. A path outside every root is listed as it is.
     */
    private RelPath topmostMissing(RelPath missing, Predicate<RelPath> exists) {
        RelPath root = rootOf(missing);
        if (root == null) {
            return missing;
        }
        RelPath top = missing;
        RelPath parent = missing.parent();
        while (parent != null && !parent.isBase() && !parent.equals(root) && root.contains(parent)
                && !exists.test(parent)) {
            top = parent;
            parent = parent.parent();
        }
        return top;
    }

    private RelPath rootOf(RelPath p) {
        RelPath best = null;
        for (RelPath r : source.paths()) {
            if (r.contains(p) && (best == null || r.contains(best))) {
                best = r;
            }
        }
        return best;
    }

    private static List<RelPath> outermost(TreeSet<RelPath> sorted) {
        List<RelPath> kept = new ArrayList<>();
        for (RelPath p : sorted) {
            if (!coveredBy(kept, p)) {
                kept.add(p);
            }
        }
        return kept;
    }

    private static boolean coveredBy(List<RelPath> roots, RelPath p) {
        for (RelPath r : roots) {
            if (r.contains(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean printableAscii(RelPath p) {
        for (byte b : p.bytes()) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static Predicate<RelPath> memoized(Predicate<RelPath> test) {
        Map<RelPath, Boolean> seen = new HashMap<>();
        return p -> seen.computeIfAbsent(p, test::test);
    }
}
