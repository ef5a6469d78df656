package io.syncfleet.common.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known key a typo was meant to be: same key ignoring case, '_' and '-'; a small edit
 * distance (about one edit per three letters of the key's last segment); or the same last segment
 * in another section ({@code kafka.baseDir} -> {@code source.baseDir}).
 */
final class KeySuggester {

    private KeySuggester() {
    }

    static Optional<String> suggest(String unknown, Collection<String> known) {
        String u = normalize(unknown);
        String uLast = normalize(last(unknown));
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String k : known) {
            String n = normalize(k);
            int score = distance(u, n);
            if (score > Math.max(1, last(k).length() / 3)) {
                score = uLast.equals(normalize(last(k))) && !uLast.isEmpty() ? 3 : Integer.MAX_VALUE;
            }
            if (score < bestScore) {
                bestScore = score;
                best = k;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String last(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Edit distance counting an insertion, deletion, substitution or swap of neighbours as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
