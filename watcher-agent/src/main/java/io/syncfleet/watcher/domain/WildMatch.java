package io.syncfleet.watcher.domain;

import java.nio.charset.StandardCharsets;

/**
 * rsync's wildcard matching on raw bytes: {@code ?} and {@code *} never match '/', {@code **}
 * matches anything, {@code [...]} is a byte class (ranges, {@code !} or {@code ^} to negate,
 * {@code [:alpha:]}-style ASCII classes, a leading {@code ]} taken literally), and a backslash
 * escapes the next byte. Bytes are compared as unsigned values, so any name, valid UTF-8 or not,
 * can be matched; a multi-byte character in a class stands for its single bytes, as in rsync.
 *
 * <p>The result codes let a failed star stop the search early: {@link #ABORT_ALL} says no later
 * start can match either, {@link #ABORT_TO_STARSTAR} says only an enclosing {@code **} may retry.
 */
final class WildMatch {

    static final int NO_MATCH = 0;
    static final int MATCH = 1;
    static final int ABORT_ALL = -1;
    static final int ABORT_TO_STARSTAR = -2;

    private WildMatch() {
    }

    /** True when {@code pattern} matches all of {@code text}. */
    static boolean matches(byte[] pattern, byte[] text) {
        return match(pattern, 0, text, 0) == MATCH;
    }

    /**
     * Matches {@code pattern} against {@code text} from {@code start}; when {@code afterAnySlash} is
     * set, a failed attempt is retried just after every later '/'.
     */
    static boolean matchesFrom(byte[] pattern, byte[] text, int start, boolean afterAnySlash) {
        int result = match(pattern, 0, text, start);
        if (result == MATCH || !afterAnySlash || result == ABORT_ALL) {
            return result == MATCH;
        }
        for (int i = start; i < text.length; i++) {
            if (text[i] == '/') {
                result = match(pattern, 0, text, i + 1);
                if (result == MATCH || result == ABORT_ALL) {
                    return result == MATCH;
                }
            }
        }
        return false;
    }

    static int match(byte[] p, int pi, byte[] t, int ti) {
        for (; pi < p.length; pi++, ti++) {
            int pc = p[pi] & 0xff;
            if (ti >= t.length && pc != '*') {
                return ABORT_ALL;
            }
            switch (pc) {
                case '\\' -> {
                    pi++;
                    if (pi >= p.length || (t[ti] & 0xff) != (p[pi] & 0xff)) {
                        return NO_MATCH;
                    }
                }
                case '?' -> {
                    if (t[ti] == '/') {
                        return NO_MATCH;
                    }
                }
                case '*' -> {
                    return star(p, pi, t, ti);
                }
                case '[' -> {
                    int end = bracket(p, pi, t[ti] & 0xff);
                    if (end < 0) {
                        return end == -1 ? NO_MATCH : ABORT_ALL;
                    }
                    pi = end;
                }
                default -> {
                    if ((t[ti] & 0xff) != pc) {
                        return NO_MATCH;
                    }
                }
            }
        }
        return ti == t.length ? MATCH : NO_MATCH;
    }

    private static int star(byte[] p, int pi, byte[] t, int ti) {
        pi++;
        boolean crossesSlash = false;
        if (pi < p.length && p[pi] == '*') {
            crossesSlash = true;
            while (pi < p.length && p[pi] == '*') {
                pi++;
            }
        }
        if (pi == p.length) {
            if (crossesSlash) {
                return MATCH;
            }
            for (int i = ti; i < t.length; i++) {
                if (t[i] == '/') {
                    return NO_MATCH;
                }
            }
            return MATCH;
        }
        for (; ti < t.length; ti++) {
            int result = match(p, pi, t, ti);
            if (result != NO_MATCH) {
                if (!crossesSlash || result != ABORT_TO_STARSTAR) {
                    return result;
                }
            } else if (!crossesSlash && t[ti] == '/') {
                return ABORT_TO_STARSTAR;
            }
        }
        return ABORT_ALL;
    }

    /**
     * Matches byte {@code c} against the class that opens at {@code p[open] == '['}.
     *
     * @return the index of the closing ']' on a match, -1 on no match, -2 for a malformed class
     */
    private static int bracket(byte[] p, int open, int c) {
        int i = open + 1;
        if (i >= p.length) {
            return -2;
        }
        int ch = p[i] & 0xff;
        boolean negated = ch == '!' || ch == '^';
        if (negated) {
            i++;
            if (i >= p.length) {
                return -2;
            }
            ch = p[i] & 0xff;
        }
        boolean matched = false;
        int prev = 0;
        do {
            if (ch == '\\') {
                i++;
                if (i >= p.length) {
                    return -2;
                }
                ch = p[i] & 0xff;
                matched |= c == ch;
            } else if (ch == '-' && prev != 0 && i + 1 < p.length && p[i + 1] != ']') {
                i++;
                int hi = p[i] & 0xff;
                if (hi == '\\') {
                    i++;
                    if (i >= p.length) {
                        return -2;
                    }
                    hi = p[i] & 0xff;
                }
                matched |= c >= prev && c <= hi;
                ch = 0; // a range cannot start another range
            } else if (ch == '[' && i + 1 < p.length && p[i + 1] == ':') {
                int nameStart = i + 2;
                int close = nameStart;
                while (close < p.length && p[close] != ']') {
                    close++;
                }
                if (close >= p.length) {
                    return -2;
                }
                if (close - nameStart - 1 < 0 || p[close - 1] != ':') {
                    matched |= c == '['; // "[:" without ":]": a plain '[', then ':' as the next member
                } else {
                    int cls = classMatch(new String(p, nameStart, close - nameStart - 1, StandardCharsets.ISO_8859_1), c);
                    if (cls < 0) {
                        return -2;
                    }
                    matched |= cls == 1;
                    i = close;
                    ch = 0;
                }
            } else {
                matched |= c == ch;
            }
            prev = ch;
            i++;
            if (i >= p.length) {
                return -2;
            }
            ch = p[i] & 0xff;
        } while (ch != ']');
        return matched != negated ? i : -1;
    }

    /** 1 if {@code c} is in the named ASCII class, 0 if not, -1 for an unknown class name. */
    private static int classMatch(String name, int c) {
        return switch (name) {
            case "alnum" -> bit(isAlpha(c) || isDigit(c));
            case "alpha" -> bit(isAlpha(c));
            case "blank" -> bit(c == ' ' || c == '\t');
            case "cntrl" -> bit(c < 0x20 || c == 0x7f);
            case "digit" -> bit(isDigit(c));
            case "graph" -> bit(c > 0x20 && c < 0x7f);
            case "lower" -> bit(c >= 'a' && c <= 'z');
            case "print" -> bit(c >= 0x20 && c < 0x7f);
            case "punct" -> bit(c > 0x20 && c < 0x7f && !isAlpha(c) && !isDigit(c));
            case "space" -> bit(c == ' ' || (c >= '\t' && c <= '\r'));
            case "upper" -> bit(c >= 'A' && c <= 'Z');
            case "xdigit" -> bit(isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
            default -> -1;
        };
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }

    private static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
