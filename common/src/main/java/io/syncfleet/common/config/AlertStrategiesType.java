package io.syncfleet.common.config;

import io.syncfleet.common.config.ConfigNode.Entry;
import io.syncfleet.common.config.ConfigNode.MapNode;
import io.syncfleet.common.config.ConfigNode.ScalarNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code alerts.strategies}: a map of window to error count, {@code {90s: 30, 300s: 5}}. Each window is a
 * duration of {@value #MIN_WINDOW_TEXT}..{@value #MAX_WINDOW_TEXT}, each count an integer of 1..{@value #MAX_THRESHOLD};
 * two keys meaning the same window ({@code 60s} and {@code 1m}) are a problem. The value is sorted by window.
 */
final class AlertStrategiesType implements FieldType<List<AlertStrategy>> {

    static final int MAX_THRESHOLD = AlertStrategy.MAX_THRESHOLD;
    static final String MIN_WINDOW_TEXT = "1s";
    static final String MAX_WINDOW_TEXT = "1d";
    private static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    private static final Duration MAX_WINDOW = Duration.ofDays(1);

    @Override
    public String name() {
        return "map of window to error count";
    }

    @Override
    public Shape shape() {
        return Shape.STRUCTURED;
    }

    @Override
    public List<AlertStrategy> parse(ConfigNode node, String path, ParseContext ctx) {
        if (node instanceof ScalarNode s && s.value() == null) {
            return List.of();
        }
        if (!(node instanceof MapNode map)) {
            ctx.problem(path, "expected a map of window to error count, e.g. {90s: 30, 300s: 5}, got "
                    + node.describe(), node.where());
            return null;
        }
        int before = ctx.problemCount();
        List<AlertStrategy> out = new ArrayList<>();
        Map<Duration, String> firstKey = new HashMap<>();
        for (Entry e : map.entries()) {
            String at = path + "." + e.key();
            Duration window = window(e, at, ctx);
            Integer threshold = threshold(e.value(), at, ctx);
            if (window == null || threshold == null) {
                continue;
            }
            String first = firstKey.putIfAbsent(window, e.key());
            if (first != null) {
                ctx.problem(at, "the same window as " + path + "." + first + "; list each window once", e.keyWhere());
                continue;
            }
            out.add(new AlertStrategy(window, threshold));
        }
        out.sort(Comparator.comparing(AlertStrategy::window));
        return ctx.problemCount() > before ? null : List.copyOf(out);
    }

    private static Duration window(Entry e, String at, ParseContext ctx) {
        try {
            Duration d = Durations.parse(e.key());
            if (d.compareTo(MIN_WINDOW) < 0 || d.compareTo(MAX_WINDOW) > 0) {
                ctx.problem(at, "window must be between " + MIN_WINDOW_TEXT + " and " + MAX_WINDOW_TEXT + ", got "
                        + Durations.format(d), e.keyWhere());
                return null;
            }
            return d;
        } catch (IllegalArgumentException ex) {
            ctx.problem(at, "window: " + ex.getMessage(), e.keyWhere());
            return null;
        }
    }

    private static Integer threshold(ConfigNode value, String at, ParseContext ctx) {
        String text = value instanceof ScalarNode s ? s.value() : null;
        try {
            int n = Integer.parseInt(text == null ? "" : text.trim());
            if (n >= 1 && n <= MAX_THRESHOLD) {
                return n;
            }
        } catch (NumberFormatException ex) {
            // reported below
        }
        ctx.problem(at, "expected an error count between 1 and " + MAX_THRESHOLD + ", got " + value.describe(),
                value.where());
        return null;
    }

    @Override
    public Object toYaml(List<AlertStrategy> value) {
        Map<String, Object> out = new LinkedHashMap<>();
        value.forEach(s -> out.put(Durations.format(s.window()), s.threshold()));
        return out;
    }
}
