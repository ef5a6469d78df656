package io.syncfleet.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell script into simple commands of words, the way sh would before expansion: line
 * continuations, comments, single and double quotes, backslash escapes, and the separators
 * {@code ; && || & newline}. Redirections ({@code > f}, {@code 2>&1}) are dropped. Pipes and command
 * substitutions are not run, only flagged, so the caller can say why a line cannot be mapped.
 *
 * <p>Variable references are kept for the caller to expand, marked by how they were written: an unquoted
 * {@code $} stays {@code $}, a {@code $} inside double quotes becomes {@link #QUOTED_DOLLAR} (expanded but
 * not split into words), and a literal {@code $} (single quotes, {@code \$}) becomes {@link #LITERAL_DOLLAR}.
 */
public final class ShellWords {

    /** A {@code $} that must stay a literal dollar sign. */
    public static final char LITERAL_DOLLAR = '\uE000';
    /** A {@code $} written inside double quotes: expanded, never split. */
    public static final char QUOTED_DOLLAR = '\uE001';

    /**
     * One simple command.
     *
     * @param line the line it starts on, 1-based
     * @param words its words, unexpanded
     * @param text the command as written, on one line, for reports
     * @param piped it is part of a pipeline
     * @param substitution it holds a command substitution ({@code $(...)} or backticks)
     */
    public record Command(int line, List<String> words, String text, boolean piped, boolean substitution) {
        public Command {
            words = List.copyOf(words);
        }
    }

    private final String s;
    private int i;
    private int line = 1;
    private final List<Command> out = new ArrayList<>();
    private final List<String> words = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private final StringBuilder text = new StringBuilder();
    private boolean inWord;
    private boolean piped;
    private boolean substitution;
    private boolean dropNextWord;
    private int startLine = 1;

    private ShellWords(String script) {
        this.s = script;
    }

    public static List<Command> split(String script) {
        ShellWords w = new ShellWords(script);
        w.run();
        return w.out;
    }

    private void run() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                i += 2;
                line++;
                text.append(' ');
                endWord();
                continue;
            }
            if (!inWord && words.isEmpty() && word.length() == 0 && !Character.isWhitespace(c)) {
                startLine = line;
            }
            if (c == '\n') {
                endCommand();
                line++;
                i++;
                continue;
            }
            if (c == '#' && !inWord) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            text.append(c);
            i++;
            switch (c) {
                case ' ', '\t', '\r' -> endWord();
                case ';' -> endCommand();
                case '&' -> {
                    if (peek('&')) {
                        take();
                    }
                    endCommand();
                }
                case '|' -> {
                    if (peek('|')) {
                        take();
                        endCommand();
                    } else {
                        piped = true;
                        endWord();
                    }
                }
                case '>', '<' -> redirect();
                case '\'' -> single();
                case '"' -> dbl();
                case '\\' -> {
                    if (i < s.length()) {
                        char e = take();
                        word.append(e == '$' ? LITERAL_DOLLAR : e);
                        inWord = true;
                    }
                }
                case '`' -> {
                    substitution = true;
                    word.append(c);
                    inWord = true;
                }
                case '$' -> {
                    if (peek('(')) {
                        substitution = true;
                    }
                    word.append('$');
                    inWord = true;
                }
                default -> {
                    word.append(c);
                    inWord = true;
                }
            }
        }
        endCommand();
    }

    private void redirect() {
        if (inWord && word.chars().allMatch(Character::isDigit)) {
            word.setLength(0); // the fd of 2>
            inWord = false;
        } else {
            endWord();
        }
        while (peek('>') || peek('&')) {
            take();
        }
        if (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '-')
                && s.charAt(i - 1) == '&') {
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '-')) {
                take();
            }
            return; // 2>&1: no file word follows
        }
        dropNextWord = true;
    }

    private void single() {
        inWord = true;
        while (i < s.length() && s.charAt(i) != '\'') {
            char c = take();
            if (c == '\n') {
                line++;
            }
            word.append(c == '$' ? LITERAL_DOLLAR : c);
        }
        if (i < s.length()) {
            take();
        }
    }

    private void dbl() {
        inWord = true;
        while (i < s.length() && s.charAt(i) != '"') {
            char c = take();
            if (c == '\\' && i < s.length() && "\"\\$`\n".indexOf(s.charAt(i)) >= 0) {
                char e = take();
                if (e == '\n') {
                    line++;
                    continue;
                }
                word.append(e == '$' ? LITERAL_DOLLAR : e);
                continue;
            }
            if (c == '\n') {
                line++;
            }
            if (c == '`' || (c == '$' && peek('('))) {
                substitution = true;
            }
            word.append(c == '$' ? QUOTED_DOLLAR : c);
        }
        if (i < s.length()) {
            take();
        }
    }

    private boolean peek(char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    private char take() {
        char c = s.charAt(i++);
        text.append(c);
        return c;
    }

    private void endWord() {
        if (inWord) {
            if (dropNextWord) {
                dropNextWord = false;
            } else {
                words.add(word.toString());
            }
        }
        word.setLength(0);
        inWord = false;
    }

    private void endCommand() {
        endWord();
        dropNextWord = false;
        if (!words.isEmpty()) {
            String t = text.toString().replaceAll("[ \t\r]+", " ").strip(); // continuation indents
            while (!t.isEmpty() && ";&|".indexOf(t.charAt(t.length() - 1)) >= 0) {
                t = t.substring(0, t.length() - 1).strip();
            }
            out.add(new Command(startLine, words, t, piped, substitution));
        }
        words.clear();
        text.setLength(0);
        piped = false;
        substitution = false;
    }
}
