package io.syncfleet.testkit;

import io.syncfleet.common.path.PathCodec;
import io.syncfleet.common.path.RelPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Byte-for-byte comparison of two trees, as rsync {@code -a} should leave them: the same entries
 * (names compared as raw bytes), types, file contents, symlink targets, and permission bits
 * ({@code mode & 07777}) of files and directories. Symlinks are never followed. The two roots
 * themselves are not compared, only what lies below them. Modification times are not compared.
 *
 * <p>Excludes are rsync-like patterns ({@code *.tmp}, {@code .~tmp~/}, see {@link ExcludeRules}):
 * an excluded entry of {@code expected} must be absent from {@code actual}; an excluded entry that
 * exists only in {@code actual} is ignored, as rsync leaves it alone.
 *
 * <p>Entries that vanish while being compared are reported as differences rather than thrown, so
 * {@link #differences} can be polled inside Awaitility while a sync is running.
 */
public final class TreeAssert {

    /** How many differences an assertion message lists. */
    public static final int MAX_LISTED = 20;

    private enum Type { DIRECTORY, FILE, SYMLINK, OTHER }

    private record Entry(Type type, Path path, int mode) {
    }

    private record Diff(RelPath path, String text) {
    }

    private TreeAssert() {
    }

    /** Fails with up to {@value #MAX_LISTED} differences when the trees differ. */
    public static void assertSameTree(Path expected, Path actual, List<String> excludes) {
        List<String> diffs = differences(expected, actual, excludes);
        if (diffs.isEmpty()) {
            return;
        }
        StringBuilder msg = new StringBuilder("tree [").append(actual).append("] differs from [").append(expected)
                .append("] in ").append(diffs.size()).append(diffs.size() == 1 ? " place:" : " places:");
        diffs.stream().limit(MAX_LISTED).forEach(d -> msg.append("\n  ").append(d));
        if (diffs.size() > MAX_LISTED) {
            msg.append("\n  ... and ").append(diffs.size() - MAX_LISTED).append(" more");
        }
        throw new AssertionError(msg.toString());
    }

    public static void assertSameTree(Path expected, Path actual) {
        assertSameTree(expected, actual, List.of());
    }

    /** True when {@link #differences} is empty. */
    public static boolean sameTree(Path expected, Path actual, List<String> excludes) {
        return differences(expected, actual, excludes).isEmpty();
    }

    /**
     * Every difference, one line each, starting with the encoded relative path ({@link PathCodec}),
     * in path order (a directory before what is in it); empty when the trees match.
     */
    public static List<String> differences(Path expected, Path actual, List<String> excludes) {
        if (!Files.isDirectory(expected, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("expected tree " + expected + " is not a directory");
        }
        if (!Files.isDirectory(actual, LinkOption.NOFOLLOW_LINKS)) {
            return List.of(".: actual tree " + actual + " is not a directory");
        }
        List<Diff> diffs = new ArrayList<>();
        ExcludeRules rules = new ExcludeRules(excludes);
        Map<RelPath, Entry> want = walk(expected, rules, diffs);
        Map<RelPath, Entry> have = walk(actual, null, diffs);
        for (Map.Entry<RelPath, Entry> e : want.entrySet()) {
            RelPath rel = e.getKey();
            Entry w = e.getValue();
            Entry h = have.get(rel);
            boolean excluded = rules.excludes(rel, w.type() == Type.DIRECTORY);
            if (excluded) {
                if (h != null) {
                    diffs.add(new Diff(rel, "excluded on the source but present on the target"));
                }
            } else if (h == null) {
                diffs.add(new Diff(rel, "missing on the target (" + describe(w) + ")"));
            } else {
                compare(rel, w, h, diffs);
            }
        }
        for (Map.Entry<RelPath, Entry> e : have.entrySet()) {
            RelPath rel = e.getKey();
            if (!want.containsKey(rel) && !rules.excludes(rel, e.getValue().type() == Type.DIRECTORY)) {
                diffs.add(new Diff(rel, "unexpected on the target (" + describe(e.getValue()) + ")"));
            }
        }
        diffs.sort(Comparator.comparing(Diff::path));
        return diffs.stream().map(d -> d.path() + ": " + d.text()).toList();
    }

    private static void compare(RelPath rel, Entry want, Entry have, List<Diff> diffs) {
        if (want.type() != have.type()) {
            diffs.add(new Diff(rel, "type differs, expected " + describe(want) + " but was " + describe(have)));
            return;
        }
        try {
            switch (want.type()) {
                case FILE -> compareContent(rel, want.path(), have.path(), diffs);
                case SYMLINK -> {
                    byte[] wt = TestTrees.symlinkTarget(want.path());
                    byte[] ht = TestTrees.symlinkTarget(have.path());
                    if (!Arrays.equals(wt, ht)) {
                        diffs.add(new Diff(rel, "symlink target differs, expected '" + PathCodec.encode(wt) + "' but was '"
                                + PathCodec.encode(ht) + "'"));
                    }
                }
                default -> {
                }
            }
        } catch (IOException | UncheckedIOException e) {
            diffs.add(new Diff(rel, "cannot compare, " + e));
        }
        if ((want.type() == Type.FILE || want.type() == Type.DIRECTORY) && want.mode() != have.mode()) {
            diffs.add(new Diff(rel, "permissions differ, expected " + octal(want.mode()) + " but was " + octal(have.mode())));
        }
    }

    private static void compareContent(RelPath rel, Path want, Path have, List<Diff> diffs) throws IOException {
        long ws = Files.size(want);
        long hs = Files.size(have);
        if (ws != hs) {
            diffs.add(new Diff(rel, "content differs, expected " + ws + " bytes but was " + hs));
            return;
        }
        long at = Files.mismatch(want, have);
        if (at >= 0) {
            diffs.add(new Diff(rel, "content differs at byte " + at + " (both " + ws + " bytes)"));
        }
    }

    /** All entries below {@code root}; with {@code rules}, excluded entries are listed but not entered. */
    private static Map<RelPath, Entry> walk(Path root, ExcludeRules rules, List<Diff> diffs) {
        Map<RelPath, Entry> out = new TreeMap<>();
        walk(root, RelPath.BASE, rules, out, diffs);
        return out;
    }

    private static void walk(Path dir, RelPath rel, ExcludeRules rules, Map<RelPath, Entry> out, List<Diff> diffs) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        } catch (NoSuchFileException e) {
            diffs.add(new Diff(rel, "directory vanished while comparing " + dir));
            return;
        } catch (IOException e) {
            diffs.add(new Diff(rel, "cannot list " + dir + ", " + e));
            return;
        }
        for (Path child : children) {
            RelPath childRel = rel.resolve(TestTrees.rawName(child));
            Entry entry;
            try {
                entry = entry(child);
            } catch (NoSuchFileException e) {
                continue; // vanished between listing and reading: as if never listed
            } catch (IOException e) {
                diffs.add(new Diff(childRel, "cannot read attributes, " + e));
                continue;
            }
            out.put(childRel, entry);
            boolean enter = entry.type() == Type.DIRECTORY && (rules == null || !rules.excludes(childRel, true));
            if (enter) {
                walk(child, childRel, rules, out, diffs);
            }
        }
    }

    private static Entry entry(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Type type = a.isSymbolicLink() ? Type.SYMLINK : a.isDirectory() ? Type.DIRECTORY
                : a.isRegularFile() ? Type.FILE : Type.OTHER;
        int mode = type == Type.SYMLINK ? 0
                : ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
        return new Entry(type, p, mode);
    }

    private static String describe(Entry e) {
        return switch (e.type()) {
            case DIRECTORY -> "directory";
            case FILE -> "file";
            case SYMLINK -> "symlink";
            case OTHER -> "special file";
        };
    }

    private static String octal(int mode) {
        return String.format("%04o", mode);
    }
}
