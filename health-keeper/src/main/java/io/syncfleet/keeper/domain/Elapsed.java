package io.syncfleet.keeper.domain;

/** Short human text for a span of time in reasons: {@code 850ms}, {@code 12s}, {@code 2m05s}, {@code 2h01m}, {@code 3d04h}. */
public final class Elapsed {

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private Elapsed() {
    }

    /** Rounded down to the shown unit; negative spans show as {@code 0ms}. */
    public static String text(long millis) {
        long ms = Math.max(0, millis);
        if (ms < SECOND) {
            return ms + "ms";
        }
        if (ms < MINUTE) {
            return ms / SECOND + "s";
        }
        if (ms < HOUR) {
            return two(ms / MINUTE, "m", ms % MINUTE / SECOND, "s");
        }
        if (ms < DAY) {
            return two(ms / HOUR, "h", ms % HOUR / MINUTE, "m");
        }
        return two(ms / DAY, "d", ms % DAY / HOUR, "h");
    }

    private static String two(long big, String bigUnit, long small, String smallUnit) {
        return small == 0 ? big + bigUnit : big + bigUnit + String.format(java.util.Locale.ROOT, "%02d", small) + smallUnit;
    }
}
