package io.syncfleet.testkit;

import io.syncfleet.common.path.RelPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * rsync-like exclude patterns, enough for tests: {@code *} (no '/'), {@code **} (anything), {@code ?};
 * a trailing '/' matches directories only; a leading '/' anchors at the root; a pattern with an
 * inner '/' matches the end of the path at a name boundary; any other pattern matches the last
 * name. A path is excluded when it or one of its parent directories matches. Matching is on raw
 * bytes (the pattern's UTF-8 bytes against the name's bytes).
 */
final class ExcludeRules {

    private record Rule(Pattern regex, boolean dirOnly, boolean anchored, boolean wholePath) {
    }

    private final List<Rule> rules = new ArrayList<>();

    ExcludeRules(List<String> patterns) {
        for (String p : patterns) {
            rules.add(parse(p));
        }
    }

    /** True when {@code path} (a directory when {@code dir}) or one of its parents is excluded. */
    boolean excludes(RelPath path, boolean dir) {
        if (matches(path, dir)) {
            return true;
        }
        for (RelPath p = path.parent(); p != null && !p.isBase(); p = p.parent()) {
            if (matches(p, true)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(RelPath path, boolean dir) {
        String full = latin1(path.bytes());
        for (Rule r : rules) {
            if (r.dirOnly() && !dir) {
                continue;
            }
            if (!r.wholePath()) {
                if (r.regex().matcher(latin1(path.fileName())).matches()) {
                    return true;
                }
            } else if (r.anchored()) {
                if (r.regex().matcher(full).matches()) {
                    return true;
                }
            } else {
                int start = 0;
                while (true) {
                    if (r.regex().matcher(full.substring(start)).matches()) {
                        return true;
                    }
                    int slash = full.indexOf('/', start);
                    if (slash < 0) {
                        break;
                    }
                    start = slash + 1;
                }
            }
        }
        return false;
    }

    private static Rule parse(String pattern) {
        String p = pattern;
        boolean dirOnly = p.endsWith("/");
        if (dirOnly) {
            p = p.substring(0, p.length() - 1);
        }
        boolean anchored = p.startsWith("/");
        if (anchored) {
            p = p.substring(1);
        }
        if (p.isEmpty()) {
            throw new IllegalArgumentException("empty exclude pattern: '" + pattern + "'");
        }
        boolean wholePath = anchored || p.contains("/") || p.contains("**");
        return new Rule(Pattern.compile(toRegex(latin1(p.getBytes(StandardCharsets.UTF_8))), Pattern.DOTALL),
                dirOnly, anchored, wholePath);
    }

    private static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                if (c == '?') {
                    re.append("[^/]");
                } else if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^/]*");
                }
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return re.toString();
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
