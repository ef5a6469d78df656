package io.syncfleet.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parameter expansion of {@link ShellWords} words against the variables a script assigned literally:
 * {@code $NAME}, {@code ${NAME}}, {@code ${NAME:-default}}. A word that is only an unquoted reference is
 * split on whitespace, as sh does ({@code rsync $OPTS ...}).
 */
final class ShellExpansion {

    private static final Pattern WHOLE_UNQUOTED = Pattern.compile("\\$(\\{[A-Za-z_][A-Za-z0-9_]*}|[A-Za-z_][A-Za-z0-9_]*)");

    private ShellExpansion() {
    }

    /** The word's expansion into zero or more words; names of unset variables are added to {@code unset}. */
    static List<String> words(String word, Map<String, String> vars, Set<String> unset) {
        String value = expand(word, vars, unset);
        if (WHOLE_UNQUOTED.matcher(word).matches()) {
            List<String> out = new ArrayList<>();
            for (String w : value.strip().split("\\s+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
            return out;
        }
        return List.of(value);
    }

    /** The word with its references replaced (unset ones by their default or nothing), as one string. */
    static String expand(String word, Map<String, String> vars, Set<String> unset) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < word.length()) {
            char c = word.charAt(i);
            if (c == ShellWords.LITERAL_DOLLAR) {
                sb.append('$');
                i++;
                continue;
            }
            if (c != '$' && c != ShellWords.QUOTED_DOLLAR) {
                sb.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            String name;
            String fallback = null;
            if (j < word.length() && word.charAt(j) == '{') {
                int close = word.indexOf('}', j);
                if (close < 0) {
                    sb.append('$');
                    i++;
                    continue;
                }
                name = word.substring(j + 1, close);
                int dflt = name.indexOf(":-");
                if (dflt >= 0) {
                    fallback = name.substring(dflt + 2);
                    name = name.substring(0, dflt);
                }
                j = close + 1;
            } else if (j < word.length() && (Character.isDigit(word.charAt(j)) || "@*#?".indexOf(word.charAt(j)) >= 0)) {
                name = String.valueOf(word.charAt(j));
                j++;
            } else {
                int k = j;
                while (k < word.length() && (Character.isLetterOrDigit(word.charAt(k)) || word.charAt(k) == '_')) {
                    k++;
                }
                name = word.substring(j, k);
                j = k;
            }
            if (name.isEmpty()) {
                sb.append('$');
                i++;
                continue;
            }
            String v = vars.get(name);
            if (v == null) {
                if (fallback != null) {
                    v = expand(fallback, vars, unset);
                } else {
                    unset.add(name);
                    v = "";
                }
            }
            sb.append(v);
            i = j;
        }
        return sb.toString();
    }

    /** Names referenced in the word (unquoted or double-quoted), for deciding which loops a line depends on. */
    static Set<String> references(String word) {
        Set<String> names = new java.util.LinkedHashSet<>();
        expand(word, Map.of(), names);
        return names;
    }
}
