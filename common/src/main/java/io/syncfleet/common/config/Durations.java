package io.syncfleet.common.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The config's duration syntax: a whole number and one unit, {@code 250ms}, {@code 5s}, {@code 1m}, {@code 1h}, {@code 1d}. */
public final class Durations {

    public static final String EXPECTED = "expected a duration like 250ms, 5s, 1m, 1h or 1d";

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,15})(ms|s|m|h|d)");

    private Durations() {
    }

    /** Parses the config syntax; throws IllegalArgumentException with a message saying what is expected. */
    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(EXPECTED + ", got '" + text + "'" + hint(text));
        }
        long n = Long.parseLong(m.group(1));
        try {
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too long");
        }
    }

    /** The shortest exact text in the config syntax, e.g. {@code 20ms}, {@code 10s}, {@code 0ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0ms";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }

    private static String hint(String text) {
        if (text != null && text.trim().matches("\\d+")) {
            return " (a unit is required)";
        }
        if (text != null && text.trim().matches("\\d+[.,]\\d+\\s*[a-z]+")) {
            return " (use a whole number with a smaller unit, e.g. 1500ms)";
        }
        return "";
    }
}
