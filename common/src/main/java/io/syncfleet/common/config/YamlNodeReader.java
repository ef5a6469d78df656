package io.syncfleet.common.config;

import io.syncfleet.common.config.ConfigNode.Entry;
import io.syncfleet.common.config.ConfigNode.ListNode;
import io.syncfleet.common.config.ConfigNode.MapNode;
import io.syncfleet.common.config.ConfigNode.ScalarNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML text into a {@link ConfigNode} tree with SnakeYAML's node API ({@code compose}), so every
 * value keeps its line. Nothing is constructed from tags: the text of each scalar is kept and typed
 * later by the key's definition.
 */
final class YamlNodeReader {

    private static final int MAX_DEPTH = 32;

    private YamlNodeReader() {
    }

    /**
     * @param source file name for messages
     * @return the top-level map (empty for an empty document), or null when a problem was reported
     */
    static MapNode read(String text, String source, ParseContext ctx) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            ctx.problem("", syntaxMessage(source, e), position(e.getProblemMark()));
            return null;
        } catch (YAMLException e) {
            ctx.problem("", "YAML syntax error in " + source + ": " + firstLine(e.getMessage()), null);
            return null;
        }
        if (root == null) {
            return new MapNode(List.of(), ConfigNode.line(1));
        }
        int before = ctx.problemCount();
        ConfigNode tree = convert(root, "", 0, ctx);
        if (ctx.problemCount() > before) {
            return null;
        }
        if (!(tree instanceof MapNode map)) {
            ctx.problem("", source + ": expected a map of sections (kafka:, source:, ...) at the top level, got "
                    + tree.describe(), tree.where());
            return null;
        }
        return map;
    }

    private static ConfigNode convert(Node node, String path, int depth, ParseContext ctx) {
        String where = ConfigNode.line(node.getStartMark().getLine() + 1);
        if (depth > MAX_DEPTH) {
            ctx.problem(path, "nested deeper than " + MAX_DEPTH + " levels (a recursive alias?)", where);
            return new ScalarNode(null, where);
        }
        if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode s) {
            return new ScalarNode(Tag.NULL.equals(s.getTag()) ? null : s.getValue(), where);
        }
        if (node instanceof SequenceNode seq) {
            List<ConfigNode> items = new ArrayList<>();
            for (Node item : seq.getValue()) {
                items.add(convert(item, path + "[" + items.size() + "]", depth + 1, ctx));
            }
            return new ListNode(items, where);
        }
        MappingNode map = (MappingNode) node;
        List<Entry> entries = new ArrayList<>();
        Map<String, String> firstSeen = new HashMap<>();
        for (NodeTuple t : map.getValue()) {
            Node keyNode = t.getKeyNode();
            String keyWhere = ConfigNode.line(keyNode.getStartMark().getLine() + 1);
            if (Tag.MERGE.equals(keyNode.getTag())) {
                ctx.problem(join(path, "<<"), "YAML merge keys are not supported; use profiles instead", keyWhere);
                continue;
            }
            if (!(keyNode instanceof org.yaml.snakeyaml.nodes.ScalarNode k) || Tag.NULL.equals(keyNode.getTag())) {
                ctx.problem(path.isEmpty() ? "(top level)" : path, "keys must be plain text", keyWhere);
                continue;
            }
            String key = k.getValue();
            String child = join(path, key);
            String previous = firstSeen.putIfAbsent(key, keyWhere);
            if (previous != null) {
                ctx.problem(child, "duplicate key (first at " + previous + ")", keyWhere);
                continue;
            }
            entries.add(new Entry(key, keyWhere, convert(t.getValueNode(), child, depth + 1, ctx)));
        }
        return new MapNode(entries, where);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String syntaxMessage(String source, MarkedYAMLException e) {
        StringBuilder m = new StringBuilder("YAML syntax error in ").append(source).append(": ");
        if (e.getContext() != null) {
            m.append(e.getContext()).append(", ");
        }
        m.append(e.getProblem() == null ? "unreadable YAML" : e.getProblem());
        return m.toString();
    }

    private static String position(Mark mark) {
        return mark == null ? null : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable YAML";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
