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
 *   <li>{@code --delete-missing-args}: a listed path that is gone at the source is deleted on the target.
 *       {@code --force} lets it delete a non-empty directory (without it rsync only complains, and exits 0).
 *       Only the topmost missing ancestor is listed: if {@code x/y/z} is listed and {@code x} is gone, rsync
 *       would remove only {@code z}. The walk up stops below the path's watched root, so nothing above or
 *       beside a watched root is ever deleted.</li>
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
     * Plans everything in {@code work}: one full sync per existing rescan root, then one incremental push of
     * the changed paths. Paths missing at the source become deletions of their topmost missing ancestor below
     * their watched root; a missing path that is a watched root itself is not deleted but reported in
     * {@link SyncPlan#missingRoots()}, like a missing rescan root.
     */
    public SyncPlan plan(PendingWork work, TargetUrl target, Predicate<RelPath> existsAtSource) {
        return plan(work, target, existsAtSource, p -> false);
    }

    /**
     * {@link #plan(PendingWork, TargetUrl, Predicate)}, with the listed directories' entries reconciled too
     * (a LISTING run after the push).
     *
     * @param directoryAtSource true for a path that is a directory at the source (lstat: a symlink is not)
     */
    public SyncPlan plan(PendingWork work, TargetUrl target, Predicate<RelPath> existsAtSource,
                         Predicate<RelPath> directoryAtSource) {
        Predicate<RelPath> exists = memoized(existsAtSource);
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
        if (!present.isEmpty() || !deletions.isEmpty()) {
            runs.add(incremental(present, deletions, target));
        }
        List<RelPath> directories = present.stream().filter(directoryAtSource).toList();
        if (!directories.isEmpty()) {
            runs.add(listing(directories, target));
        }
        return new SyncPlan(runs, List.copyOf(missingRoots));
    }

    private RsyncInvocation listing(List<RelPath> directories, TargetUrl target) {
        // --ignore-missing-args: a directory gone since the plan has its own deletion in the push
        List<String> argv = listedArgv(target, "-aRd", "--ignore-missing-args", "--delete", "--force");
        return new RsyncInvocation(RsyncInvocation.Kind.LISTING, RelPath.BASE, source.baseDir(), argv, directories,
                false);
    }

    private RsyncInvocation incremental(TreeSet<RelPath> present, TreeSet<RelPath> deletions, TargetUrl target) {
        List<RelPath> deleted = outermost(deletions);
        List<RelPath> listed = new ArrayList<>(present.size() + deleted.size());
        for (RelPath p : present) {
            if (!coveredBy(deleted, p)) {
                listed.add(p);
            }
        }
        boolean deletesOnly = listed.isEmpty();
        listed.addAll(deleted);
        listed.sort(null);

        List<String> argv = listedArgv(target, "-aRI", "--delete-missing-args", "--force");
        return new RsyncInvocation(RsyncInvocation.Kind.INCREMENTAL, RelPath.BASE, source.baseDir(), argv, listed,
                deletesOnly);
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
        return new RsyncInvocation(RsyncInvocation.Kind.FULL, root, source.baseDir(), argv, listed, false);
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

    private static Predicate<RelPath> memoized(Predicate<RelPath> exists) {
        Map<RelPath, Boolean> seen = new HashMap<>();
        return p -> seen.computeIfAbsent(p, exists::test);
    }
}
