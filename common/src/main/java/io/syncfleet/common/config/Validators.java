package io.syncfleet.common.config;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.TopicSpec;
import io.syncfleet.common.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The validators key definitions use; each says what it allows, for the reference docs. */
public final class Validators {

    private static final Pattern TOPIC_CHARS = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):(\\d{1,5})");

    /** Kafka's limit on topic-name length. */
    static final int MAX_TOPIC_NAME = 249;

    private Validators() {
    }

    public static Validator<Integer> between(int min, int max) {
        return new Validator<>(min + ".." + max, v -> v < min || v > max
                ? "must be between " + min + " and " + max + ", got " + v : null);
    }

    public static Validator<Duration> durationBetween(Duration min, Duration max) {
        String range = Durations.format(min) + ".." + Durations.format(max);
        return new Validator<>(range, v -> v.compareTo(min) < 0 || v.compareTo(max) > 0
                ? "must be between " + range.replace("..", " and ") + ", got " + Durations.format(v) : null);
    }

    public static Validator<Duration> wholeSeconds() {
        return new Validator<>("whole seconds", v -> v.toMillis() % 1000 != 0
                ? "must be whole seconds (rsync takes seconds), got " + Durations.format(v) : null);
    }

    public static Validator<String> notBlank() {
        return new Validator<>("not empty", v -> v.isBlank() ? "must not be empty" : null);
    }

    /** {@code embedded}, or a comma-separated list of {@code host:port}. */
    public static Validator<String> bootstrap() {
        return new Validator<>("`embedded` or host:port[,host:port...]", v -> {
            if (KafkaConfig.EMBEDDED.equals(v)) {
                return null;
            }
            String expected = "expected 'embedded' or host:port[,host:port...], got '" + v + "'";
            if (v.isBlank()) {
                return expected;
            }
            for (String server : v.split(",", -1)) {
                var m = HOST_PORT.matcher(server.trim());
                if (!m.matches()) {
                    return expected;
                }
                int port = Integer.parseInt(m.group(2));
                if (port < 1 || port > 65535) {
                    return "port " + port + " of '" + server.trim() + "' is out of range 1..65535";
                }
            }
            return null;
        });
    }

    /** Characters Kafka allows in topic names, and short enough for the longest topic of the catalog. */
    public static Validator<String> topicPrefix() {
        int longestSuffix = Topics.ALL.stream().map(TopicSpec::suffix).mapToInt(String::length).max().orElse(0);
        int max = MAX_TOPIC_NAME - 1 - longestSuffix;
        return new Validator<>("letters, digits, '.', '_', '-'; at most " + max + " characters", v -> {
            if (!TOPIC_CHARS.matcher(v).matches()) {
                return "'" + v + "' is not a legal Kafka topic-name prefix: use only letters, digits, '.', '_' and '-'";
            }
            return v.length() > max ? "is " + v.length() + " characters; at most " + max + " fit in a topic name" : null;
        });
    }

    public static Validator<List<?>> notEmptyList(String hint) {
        return new Validator<>("at least one entry", v -> v.isEmpty() ? "must list at least one entry; " + hint : null);
    }

    public static Validator<List<String>> noBlankEntries() {
        return new Validator<>("no empty entries", v -> {
            for (int i = 0; i < v.size(); i++) {
                if (v.get(i).isBlank()) {
                    return "entry [" + i + "] is empty";
                }
            }
            return null;
        });
    }

    /** No watched root inside another: each tree would be watched, and published, twice. */
    public static Validator<List<RelPath>> noNestedPaths() {
        return new Validator<>("no path inside another", v -> {
            for (int i = 0; i < v.size(); i++) {
                for (int j = 0; j < v.size(); j++) {
                    if (i != j && v.get(i).contains(v.get(j)) && (i < j || !v.get(j).contains(v.get(i)))) {
                        String what = v.get(i).equals(v.get(j)) ? " is listed twice" : " is inside '" + v.get(i) + "'";
                        return "'" + v.get(j) + "'" + what + "; list each tree once";
                    }
                }
            }
            return null;
        });
    }

    /** Keys syncfleet sets itself, which a user value would silently lose to. */
    public static Validator<Map<String, String>> withoutKeys(String hint, String... reserved) {
        return new Validator<>("without " + String.join(", ", reserved), v -> {
            for (String r : reserved) {
                if (v.containsKey(r)) {
                    return "'" + r + "' is set by syncfleet; remove it (" + hint + ")";
                }
            }
            return null;
        });
    }
}
