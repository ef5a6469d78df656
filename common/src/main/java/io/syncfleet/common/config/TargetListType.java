package io.syncfleet.common.config;

import io.syncfleet.common.config.ConfigNode.Entry;
import io.syncfleet.common.config.ConfigNode.ListNode;
import io.syncfleet.common.config.ConfigNode.MapNode;
import io.syncfleet.common.config.ConfigNode.ScalarNode;
import io.syncfleet.common.topic.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code targets.static}: a list of {@code {id, url}}. Ids must be valid ({@link Topics#isValidTargetId})
 * and unique; urls are parsed by {@link TargetUrl#parse}, whose message becomes the problem.
 */
final class TargetListType implements FieldType<List<TargetConfig>> {

    private static final List<String> KEYS = List.of("id", "url");

    @Override
    public String name() {
        return "list of {id, url}";
    }

    @Override
    public Shape shape() {
        return Shape.STRUCTURED;
    }

    @Override
    public List<TargetConfig> parse(ConfigNode node, String path, ParseContext ctx) {
        if (!(node instanceof ListNode list)) {
            ctx.problem(path, "expected a list of {id, url}, got " + node.describe(), node.where());
            return null;
        }
        List<TargetConfig> out = new ArrayList<>();
        Map<String, String> firstById = new HashMap<>();
        boolean ok = true;
        for (int i = 0; i < list.items().size(); i++) {
            String at = path + "[" + i + "]";
            TargetConfig t = target(list.items().get(i), at, ctx);
            if (t == null) {
                ok = false;
                continue;
            }
            String where = list.items().get(i) instanceof MapNode m ? m.get("id").where() : null;
            String first = firstById.putIfAbsent(t.id(), at + (where == null ? "" : ", " + where));
            if (first != null) {
                ctx.problem(at + ".id", "duplicate target id '" + t.id() + "' (first at " + first + ")", where);
                ok = false;
            }
            out.add(t);
        }
        return ok ? out : null;
    }

    private static TargetConfig target(ConfigNode node, String at, ParseContext ctx) {
        if (!(node instanceof MapNode map)) {
            ctx.problem(at, "expected a map {id: ..., url: ...}, got " + node.describe(), node.where());
            return null;
        }
        int before = ctx.problemCount();
        for (Entry e : map.entries()) {
            if (!KEYS.contains(e.key())) {
                String hint = KeySuggester.suggest(e.key(), KEYS).map(s -> "; did you mean " + s + "?")
                        .orElse("; a target has only id and url");
                ctx.problem(at + "." + e.key(), "unknown key" + hint, e.keyWhere());
            }
        }
        String id = text(map, "id", at, ctx);
        if (id != null && !Topics.isValidTargetId(id)) {
            ctx.problem(at + ".id", "'" + id + "' is not a valid target id: use letters, digits, '.', '_' and '-',"
                    + " start with a letter or digit, at most 100 characters", map.get("id").where());
        }
        String url = text(map, "url", at, ctx);
        TargetUrl parsed = null;
        if (url != null) {
            try {
                parsed = TargetUrl.parse(url);
            } catch (IllegalArgumentException e) {
                ctx.problem(at + ".url", e.getMessage(), map.get("url").where());
            }
        }
        return ctx.problemCount() > before ? null : new TargetConfig(id, parsed);
    }

    private static String text(MapNode map, String key, String at, ParseContext ctx) {
        ConfigNode v = map.get(key);
        if (v == null) {
            ctx.problem(at + "." + key, "required", map.where());
            return null;
        }
        if (!(v instanceof ScalarNode s) || s.value() == null) {
            ctx.problem(at + "." + key, "expected a string, got " + v.describe(), v.where());
            return null;
        }
        return s.value();
    }

    @Override
    public Object toYaml(List<TargetConfig> value) {
        List<Object> out = new ArrayList<>();
        for (TargetConfig t : value) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("url", t.url().original());
            out.add(m);
        }
        return out;
    }
}
