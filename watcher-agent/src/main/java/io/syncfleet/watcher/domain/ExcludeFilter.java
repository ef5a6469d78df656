package io.syncfleet.watcher.domain;

import io.syncfleet.common.path.RelPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code source.exclude}, matched the way rsync matches the same patterns given as {@code --exclude},
 * so the watcher publishes nothing a worker's rsync would skip anyway.
 *
 * <p>Paths are relative to {@code source.baseDir}, which is the transfer root: workers run
 * {@code rsync -R} from there. Rules, as in rsync's filter rules:
 * <ul>
 *   <li>a pattern without '/' and without {@code **} matches the last name of any path;</li>
 *   <li>a trailing '/' matches directories only;</li>
 *   <li>a leading '/' anchors the pattern at the transfer root;</li>
 *   <li>any other pattern with a '/' matches that many trailing names of the path; one with {@code **}
 *       is tried at the start and after every '/';</li>
 *   <li>{@code *} and {@code ?} stop at '/', {@code **} does not, {@code [...]} is a class, a trailing
 *       {@code dir/***} matches the directory and everything in it (see {@link WildMatch});</li>
 *   <li>the {@code "- "} and {@code "+ "} prefixes rsync accepts in {@code --exclude} make a rule an
 *       exclude or an include, and the first rule that matches decides; a lone {@code "!"} clears the
 *       rules before it.</li>
 * </ul>
 * rsync checks every directory on the way down before it looks inside, so a path is excluded when
 * it, or any directory above it, is excluded. Matching is on raw bytes: names that are not UTF-8
 * match byte for byte and never fail.
 */
public final class ExcludeFilter {

    /** Excludes nothing. */
    public static final ExcludeFilter NONE = new ExcludeFilter(List.of(), List.of());

    private final List<String> patterns;
    private final List<Rule> rules;

    private ExcludeFilter(List<String> patterns, List<Rule> rules) {
        this.patterns = List.copyOf(patterns);
        this.rules = List.copyOf(rules);
    }

    /**
     * Parses the patterns in order.
     *
     * @throws IllegalArgumentException for an empty pattern (rsync: "unexpected end of filter rule")
     */
    public static ExcludeFilter of(List<String> patterns) {
        List<Rule> rules = new ArrayList<>();
        for (String pattern : patterns) {
            if (pattern.equals("!")) {
                rules.clear();
                continue;
            }
            rules.add(Rule.parse(pattern));
        }
        return new ExcludeFilter(patterns, rules);
    }

    /** The patterns as configured. */
    public List<String> patterns() {
        return patterns;
    }

    /** True when {@code path} or a directory above it is excluded. {@link RelPath#BASE} never is. */
    public boolean excludes(RelPath path, EntryType type) {
        if (rules.isEmpty() || path.isBase()) {
            return false;
        }
        byte[] b = path.bytes();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '/' && decide(Arrays.copyOf(b, i), true)) {
                return true;
            }
        }
        return decide(b, type);
    }

    /**
     * True when {@code path} itself is excluded, not looking at the directories above it; for walks
     * that only descend into directories already found not excluded.
     */
    public boolean excludesEntry(RelPath path, EntryType type) {
        if (rules.isEmpty() || path.isBase()) {
            return false;
        }
        return decide(path.bytes(), type);
    }

    /** An entry of unknown type is excluded when it would be as a file or as a directory. */
    private boolean decide(byte[] path, EntryType type) {
        return switch (type) {
            case FILE -> decide(path, false);
            case DIRECTORY -> decide(path, true);
            case UNKNOWN -> decide(path, false) || decide(path, true);
        };
    }

    private boolean decide(byte[] path, boolean directory) {
        for (Rule rule : rules) {
            if (rule.matches(path, directory)) {
                return !rule.include;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ExcludeFilter" + patterns;
    }

    /** One parsed pattern; the flags mirror how rsync classifies a rule when it adds it. */
    private static final class Rule {
        private final byte[] pattern;     // without "- "/"+ ", trailing '/' or leading '/'
        private final boolean include;
        private final boolean directoryOnly;
        private final boolean anchored;
        private final int slashes;        // '/' in the pattern, the leading one included
        private final boolean wild;       // has * ? or [
        private final boolean doubleStar; // has **
        private final boolean startsWithDoubleStar;
        private final boolean endsWithTripleStar;

        private Rule(byte[] pattern, boolean include, boolean directoryOnly, boolean anchored, int slashes) {
            this.pattern = pattern;
            this.include = include;
            this.directoryOnly = directoryOnly;
            this.anchored = anchored;
            this.slashes = slashes;
            boolean w = false;
            boolean ds = false;
            for (int i = 0; i < pattern.length; i++) {
                byte c = pattern[i];
                w |= c == '*' || c == '?' || c == '[';
                ds |= c == '*' && i + 1 < pattern.length && pattern[i + 1] == '*';
            }
            this.wild = w;
            this.doubleStar = ds;
            this.startsWithDoubleStar = ds && !anchored && pattern.length >= 2 && pattern[0] == '*' && pattern[1] == '*';
            int n = pattern.length;
            this.endsWithTripleStar = ds && n >= 3 && pattern[n - 1] == '*' && pattern[n - 2] == '*'
                    && pattern[n - 3] == '*';
        }

        static Rule parse(String text) {
            boolean include = false;
            String s = text;
            if (s.startsWith("- ")) {
                s = s.substring(2);
            } else if (s.startsWith("+ ")) {
                include = true;
                s = s.substring(2);
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length == 0) {
                throw new IllegalArgumentException("empty exclude pattern in [" + text + "]");
            }
            boolean directoryOnly = false;
            int len = b.length;
            if (len > 1 && b[len - 1] == '/') {
                directoryOnly = true;
                len--;
            }
            int slashes = 0;
            for (int i = 0; i < len; i++) {
                if (b[i] == '/') {
                    slashes++;
                }
            }
            boolean anchored = b[0] == '/';
            byte[] pattern = Arrays.copyOfRange(b, anchored ? 1 : 0, len);
            return new Rule(pattern, include, directoryOnly, anchored, slashes);
        }

        boolean matches(byte[] path, boolean directory) {
            if (!directory && directoryOnly) {
                return false;
            }
            byte[] text = path;
            if (slashes == 0 && !doubleStar) {
                text = lastName(path);
            } else if (startsWithDoubleStar) {
                text = concat(new byte[] {'/'}, text); // lets "**/x" match x at the top
            }
            if (directory && endsWithTripleStar) {
                text = concat(text, new byte[] {'/'}); // lets "dir/***" match dir itself
            }
            if (!wild) {
                return anchored ? Arrays.equals(text, pattern) : endsAtNameBoundary(text, pattern);
            }
            if (!anchored && slashes > 0 && !doubleStar) {
                int start = startOfTrailingNames(text, slashes + 1);
                return start >= 0 && WildMatch.matchesFrom(pattern, text, start, false);
            }
            boolean afterAnySlash = !anchored && doubleStar && !startsWithDoubleStar;
            return WildMatch.matchesFrom(pattern, text, 0, afterAnySlash);
        }

        private static byte[] lastName(byte[] path) {
            for (int i = path.length - 1; i >= 0; i--) {
                if (path[i] == '/') {
                    return Arrays.copyOfRange(path, i + 1, path.length);
                }
            }
            return path;
        }

        private static boolean endsAtNameBoundary(byte[] text, byte[] suffix) {
            int off = text.length - suffix.length;
            return off >= 0 && Arrays.equals(text, off, text.length, suffix, 0, suffix.length)
                    && (off == 0 || text[off - 1] == '/');
        }

        /** Index where the last {@code names} '/'-separated names start, or -1 if there are fewer. */
        private static int startOfTrailingNames(byte[] text, int names) {
            int remaining = names;
            for (int i = text.length - 1; i >= 0; i--) {
                if (text[i] == '/' && --remaining == 0) {
                    return i + 1;
                }
            }
            return remaining == 1 ? 0 : -1;
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] out = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
    }
}
