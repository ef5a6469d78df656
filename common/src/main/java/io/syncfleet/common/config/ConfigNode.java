package io.syncfleet.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A config value as written, with where it came from. Independent of SnakeYAML so that profiles and
 * environment overrides can be merged into one tree while every value keeps its own origin.
 *
 * <p>{@code where} is {@code line N} for YAML, {@code from env VAR} for an environment override and
 * {@code default} for a built-in default.
 */
public sealed interface ConfigNode permits ConfigNode.ScalarNode, ConfigNode.ListNode, ConfigNode.MapNode {

    String where();

    /** Short description for type errors: {@code a map}, {@code a list}, {@code 'text'} or {@code nothing}. */
    String describe();

    /** A scalar as text; {@code value} is null for YAML null ({@code ~}, {@code null} or nothing). */
    record ScalarNode(String value, String where) implements ConfigNode {
        @Override
        public String describe() {
            return value == null ? "nothing" : "'" + value + "'";
        }
    }

    record ListNode(List<ConfigNode> items, String where) implements ConfigNode {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** One key of a map, with the place the key itself was written (used for unknown-key problems). */
    record Entry(String key, String keyWhere, ConfigNode value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A map keeping the order keys were written in; keys are unique. */
    record MapNode(List<Entry> entries, String where) implements ConfigNode {
        public MapNode {
            entries = List.copyOf(entries);
        }

        @Override
        public String describe() {
            return "a map";
        }

        public Entry entry(String key) {
            for (Entry e : entries) {
                if (e.key().equals(key)) {
                    return e;
                }
            }
            return null;
        }

        public ConfigNode get(String key) {
            Entry e = entry(key);
            return e == null ? null : e.value();
        }

        /** A copy with {@code key} set (replaced in place, or appended). */
        public MapNode with(Entry replacement) {
            List<Entry> out = new ArrayList<>(entries);
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).key().equals(replacement.key())) {
                    out.set(i, replacement);
                    return new MapNode(out, where);
                }
            }
            out.add(replacement);
            return new MapNode(out, where);
        }

        public MapNode without(String key) {
            return new MapNode(entries.stream().filter(e -> !e.key().equals(key)).toList(), where);
        }
    }

    /** Origin of a built-in default. */
    String DEFAULT = "default";

    /** Where-text for a 1-based line number. */
    static String line(int oneBasedLine) {
        return "line " + oneBasedLine;
    }

    static String env(String variable) {
        return "from env " + variable;
    }
}
