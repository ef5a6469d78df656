package io.syncfleet.watcher.domain;

import io.syncfleet.common.path.RelPath;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a path someone asks to push by hand ({@code syncfleet push}, {@code POST /push}) may
 * be sent, and as what. Pure: what is on disk comes in through {@link SourceFacts}.
 *
 * <p>A path is given absolute, or relative to {@code source.baseDir}; empty and {@code .} segments and
 * repeated slashes are dropped. It is rejected, with the reason, when it:
 * <ol>
 *   <li>is empty or holds a NUL byte;</li>
 *   <li>is absolute and not {@code source.baseDir} or below it;</li>
 *   <li>has a {@code ..} segment, wherever it leads (a symlink before it could make it lead anywhere);</li>
 *   <li>is not inside one of the roots ({@code source.paths});</li>
 *   <li>goes through a symbolic link: rsync {@code -R} would follow a link in the middle of a path and
 *       send what it points to, possibly from outside {@code source.baseDir} (a link as the last name is
 *       fine: it is sent as a link);</li>
 *   <li>is excluded by {@code source.exclude}, itself or a directory above it.</li>
 * </ol>
 * An accepted directory is pushed whole (a RESCAN of it: {@code rsync -a --delete} of that directory);
 * anything else, including a path that does not exist (its deletion is pushed), as a changed path.
 * Invariant: an accepted path is a {@link RelPath}, so it never leaves {@code source.baseDir}.
 */
public final class PushPathPolicy {

    /** What the policy needs to know about the source tree. */
    public interface SourceFacts {
        /** True when {@code path} is a symbolic link (not followed). */
        boolean isSymlink(RelPath path);

        /** What {@code path} is, not following a last-name symlink; UNKNOWN when it does not exist. */
        EntryType typeOf(RelPath path);
    }

    /** The outcome for one given path. */
    public sealed interface Decision permits Accepted, Rejected {
        /** The path as given, for messages. */
        String given();
    }

    /** @param directory true when it is a directory, pushed whole */
    public record Accepted(String given, RelPath path, boolean directory) implements Decision {
    }

    public record Rejected(String given, String reason) implements Decision {
        /** {@code [path]: reason}, for one line of an error. */
        public String line() {
            return "[" + given + "]: " + reason;
        }
    }

    private final byte[] baseRaw;
    private final String baseShown;
    private final WatchRoots roots;
    private final ExcludeFilter excludes;

    /**
     * @param baseDirRaw {@code source.baseDir}, absolute, as raw bytes
     */
    public PushPathPolicy(byte[] baseDirRaw, WatchRoots roots, ExcludeFilter excludes) {
        byte[] b = Objects.requireNonNull(baseDirRaw, "baseDirRaw");
        int len = b.length;
        while (len > 1 && b[len - 1] == '/') {
            len--;
        }
        if (len == 0 || b[0] != '/') {
            throw new IllegalArgumentException("source.baseDir must be absolute");
        }
        this.baseRaw = Arrays.copyOf(b, len);
        this.baseShown = shown(baseRaw);
        this.roots = Objects.requireNonNull(roots, "roots");
        this.excludes = Objects.requireNonNull(excludes, "excludes");
    }

    /** Decides every path, in order. */
    public List<Decision> decide(List<byte[]> given, SourceFacts facts) {
        List<Decision> out = new ArrayList<>(given.size());
        for (byte[] g : given) {
            out.add(decide(g, facts));
        }
        return out;
    }

    public Decision decide(byte[] given, SourceFacts facts) {
        String shown = shown(given);
        if (given.length == 0) {
            return new Rejected(shown, "empty path");
        }
        for (byte b : given) {
            if (b == 0) {
                return new Rejected(shown, "holds a NUL byte");
            }
        }
        byte[] rest = given;
        if (given[0] == '/') {
            if (!isBaseOrBelow(given)) {
                return new Rejected(shown, "outside source.baseDir [" + baseShown + "]; nothing outside it is ever"
                        + " sent");
            }
            rest = Arrays.copyOfRange(given, baseRaw.length, given.length);
        }
        List<byte[]> segments = segments(rest);
        for (byte[] s : segments) {
            if (s.length == 2 && s[0] == '.' && s[1] == '.') {
                return new Rejected(shown, "'..' is not allowed (it could escape source.baseDir); give the path"
                        + " without it");
            }
        }
        RelPath path = join(segments);
        if (roots.rootOf(path).isEmpty()) {
            return new Rejected(shown, "outside source.paths " + roots + " below source.baseDir [" + baseShown + "]");
        }
        RelPath above = RelPath.BASE;
        for (int i = 0; i < segments.size() - 1; i++) {
            above = above.resolve(segments.get(i));
            if (facts.isSymlink(above)) {
                return new Rejected(shown, "goes through the symbolic link [" + above + "], which rsync would follow;"
                        + " push the path it points to instead");
            }
        }
        EntryType type = facts.typeOf(path);
        if (excludes.excludes(path, type)) {
            return new Rejected(shown, "excluded by source.exclude " + excludes.patterns());
        }
        return new Accepted(shown, path, type == EntryType.DIRECTORY);
    }

    private boolean isBaseOrBelow(byte[] abs) {
        if (baseRaw.length == 1) {
            return true; // source.baseDir is "/"
        }
        return abs.length >= baseRaw.length && Arrays.equals(abs, 0, baseRaw.length, baseRaw, 0, baseRaw.length)
                && (abs.length == baseRaw.length || abs[baseRaw.length] == '/');
    }

    private static List<byte[]> segments(byte[] p) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= p.length; i++) {
            if (i == p.length || p[i] == '/') {
                int len = i - start;
                boolean dot = len == 1 && p[start] == '.';
                if (len > 0 && !dot) {
                    out.add(Arrays.copyOfRange(p, start, i));
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static RelPath join(List<byte[]> segments) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] s : segments) {
            if (b.size() > 0) {
                b.write('/');
            }
            b.writeBytes(s);
        }
        return RelPath.of(b.toByteArray());
    }

    private static String shown(byte[] raw) {
        return new String(raw, StandardCharsets.UTF_8);
    }
}
