package io.syncfleet.common.config;

import io.syncfleet.common.config.ConfigNode.Entry;
import io.syncfleet.common.config.ConfigNode.ListNode;
import io.syncfleet.common.config.ConfigNode.MapNode;
import io.syncfleet.common.config.ConfigNode.ScalarNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Environment overrides, applied after profiles: {@code SYNCFLEET_<SECTION>_<KEY>} sets a key. Path
 * segments match case-insensitively and underscores inside a segment are ignored, so
 * {@code SYNCFLEET_KAFKA_TOPICPREFIX} and {@code SYNCFLEET_KAFKA_TOPIC_PREFIX} both set
 * {@code kafka.topicPrefix}. A list of strings is comma-separated ({@code SYNCFLEET_SOURCE_PATHS=a,b}).
 *
 * <p>Variables that match no key are ignored: environments are noisy. {@code SYNCFLEET_HOME} and
 * {@code SYNCFLEET_CONFIG} belong to the launcher. A variable naming a key that only the file can set
 * (a map, the target list) is a problem, since its value would otherwise be lost silently.
 */
final class EnvOverrides {

    static final String PREFIX = "SYNCFLEET_";
    static final List<String> RESERVED = List.of("SYNCFLEET_HOME", "SYNCFLEET_CONFIG");

    private EnvOverrides() {
    }

    static MapNode apply(MapNode root, Map<String, String> env, ConfigSchema schema, ParseContext ctx) {
        MapNode out = root;
        for (Map.Entry<String, String> var : new TreeMap<>(env).entrySet()) {
            String name = var.getKey();
            if (!name.startsWith(PREFIX) || RESERVED.contains(name) || var.getValue() == null) {
                continue;
            }
            Optional<ConfigField<?>> field = match(name.substring(PREFIX.length()), schema);
            if (field.isEmpty()) {
                continue;
            }
            String where = ConfigNode.env(name);
            ConfigNode value = switch (field.get().type().shape()) {
                case SCALAR -> new ScalarNode(var.getValue(), where);
                case SCALAR_LIST -> new ListNode(split(var.getValue(), where), where);
                case STRUCTURED -> null;
            };
            if (value == null) {
                ctx.problem(field.get().key(), "cannot be set from the environment; set it in the config file", where);
                continue;
            }
            out = set(out, field.get().key().split("\\."), 0, value, where);
        }
        return out;
    }

    /** The key a variable name (without the prefix) means, if any. */
    static Optional<ConfigField<?>> match(String rest, ConfigSchema schema) {
        String[] tokens = rest.split("_", -1);
        for (ConfigField<?> f : schema.fields()) {
            if (matches(tokens, 0, f.key().split("\\."), 0)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** True when tokens[t..] spell segments[s..], each segment being one or more whole tokens. */
    private static boolean matches(String[] tokens, int t, String[] segments, int s) {
        if (s == segments.length || t == tokens.length) {
            return s == segments.length && t == tokens.length;
        }
        StringBuilder joined = new StringBuilder();
        for (int end = t; end < tokens.length; end++) {
            joined.append(tokens[end]);
            if (joined.length() > segments[s].length()) {
                return false;
            }
            if (joined.toString().equalsIgnoreCase(segments[s]) && matches(tokens, end + 1, segments, s + 1)) {
                return true;
            }
        }
        return false;
    }

    private static List<ConfigNode> split(String value, String where) {
        List<ConfigNode> items = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                items.add(new ScalarNode(part.trim(), where));
            }
        }
        return items;
    }

    private static MapNode set(MapNode map, String[] segments, int i, ConfigNode value, String where) {
        String key = segments[i];
        if (i == segments.length - 1) {
            return map.with(new Entry(key, where, value));
        }
        ConfigNode child = map.get(key);
        if (child != null && !(child instanceof MapNode) && !(child instanceof ScalarNode s && s.value() == null)) {
            return map; // the group is not a map: that problem is reported against the file
        }
        MapNode sub = child instanceof MapNode m ? m : new MapNode(List.of(), where);
        Entry existing = map.entry(key);
        return map.with(new Entry(key, existing == null ? where : existing.keyWhere(), set(sub, segments, i + 1, value, where)));
    }
}
