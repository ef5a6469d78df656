package io.syncfleet.common.config;

import io.syncfleet.common.config.ConfigNode.MapNode;
import io.syncfleet.common.config.ConfigNode.ScalarNode;

/**
 * Reads every key of a schema from a merged tree: the value if written, else its default. Parsing and
 * validation problems are collected, never thrown, so one pass reports them all.
 */
final class TreeReader {

    /** Marks a key whose group is not a map; that problem is reported once by {@link UnknownKeys}. */
    private static final ConfigNode BROKEN = new ScalarNode(null, null);

    private TreeReader() {
    }

    static ConfigValues read(ConfigSchema schema, MapNode root, ParseContext ctx) {
        UnknownKeys.check(schema, root, "", "", ctx);
        ConfigValues values = new ConfigValues();
        for (ConfigField<?> field : schema.fields()) {
            read(field, root, values, ctx);
        }
        for (CrossCheck check : schema.crossChecks()) {
            if (check.fields().stream().allMatch(values::has)) {
                check.check(values, ctx);
            }
        }
        return values;
    }

    private static <T> void read(ConfigField<T> field, MapNode root, ConfigValues values, ParseContext ctx) {
        ConfigNode node = lookup(root, field.key());
        if (node == BROKEN) {
            return;
        }
        if (node == null) {
            if (field.isRequired()) {
                ctx.problem(field.key(), "required (" + firstSentence(field.doc()) + ")", null);
                return;
            }
            if (field.isOptional()) {
                values.put(field, null, null);
                return;
            }
            node = field.defaultNode();
        }
        T value = field.parse(node, ctx);
        if (value != null) {
            values.put(field, value, node.where());
        }
    }

    private static ConfigNode lookup(MapNode root, String key) {
        String[] segments = key.split("\\.");
        ConfigNode node = root;
        for (String s : segments) {
            if (node instanceof ScalarNode sc && sc.value() == null) {
                return null;
            }
            if (!(node instanceof MapNode map)) {
                return BROKEN;
            }
            node = map.get(s);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static String firstSentence(String doc) {
        int dot = doc.indexOf(". ");
        String s = (dot < 0 ? doc : doc.substring(0, dot)).replace("`", "");
        s = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        return s.isEmpty() ? "no default" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
