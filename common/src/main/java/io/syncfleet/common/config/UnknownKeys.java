package io.syncfleet.common.config;

import io.syncfleet.common.config.ConfigNode.Entry;
import io.syncfleet.common.config.ConfigNode.MapNode;
import io.syncfleet.common.config.ConfigNode.ScalarNode;

/**
 * Reports every key the schema does not know, with the closest known key, and every section that is
 * not a map. A typo must never pass silently.
 */
final class UnknownKeys {

    private UnknownKeys() {
    }

    /**
     * @param shownAs prefix for reported paths ({@code ""}, or {@code profiles.prod.} for a profile's tree)
     */
    static void check(ConfigSchema schema, MapNode map, String group, String shownAs, ParseContext ctx) {
        for (Entry e : map.entries()) {
            String path = group.isEmpty() ? e.key() : group + "." + e.key();
            if (schema.field(path).isPresent()) {
                continue;
            }
            if (schema.isGroup(path)) {
                if (e.value() instanceof MapNode sub) {
                    check(schema, sub, path, shownAs, ctx);
                } else if (!(e.value() instanceof ScalarNode s && s.value() == null)) {
                    ctx.problem(shownAs + path, "expected a map of keys (" + String.join(", ", schema.childrenOf(path))
                            + "), got " + e.value().describe(), e.value().where());
                }
                continue;
            }
            ctx.problem(shownAs + path, unknown(schema, path, group), e.keyWhere());
        }
    }

    private static String unknown(ConfigSchema schema, String path, String group) {
        var suggestion = KeySuggester.suggest(path, schema.allPaths());
        if (suggestion.isPresent()) {
            return "unknown key; did you mean " + suggestion.get() + "?";
        }
        return group.isEmpty()
                ? "unknown section; known sections: " + String.join(", ", schema.childrenOf(""))
                : "unknown key; known keys in " + group + ": " + String.join(", ", schema.childrenOf(group));
    }
}
