package io.syncfleet.common.config;

import io.syncfleet.common.config.ConfigNode.ListNode;
import io.syncfleet.common.config.ConfigNode.MapNode;
import io.syncfleet.common.config.ConfigNode.ScalarNode;
import io.syncfleet.common.path.RelPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The value types of config keys. Add a type here (or its own class, like {@link TargetListType}) for new kinds of values. */
public final class FieldTypes {

    public static final FieldType<String> STRING = scalar("string", (t, c) -> t, s -> s);

    public static final FieldType<Integer> INT = scalar("integer", (t, c) -> {
        try {
            return Integer.parseInt(t.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer, got '" + t + "'");
        }
    }, i -> i);

    public static final FieldType<Boolean> BOOLEAN = scalar("boolean", (t, c) -> switch (t.trim().toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException("expected true or false, got '" + t + "'");
    }, b -> b);

    public static final FieldType<Duration> DURATION = scalar("duration", (t, c) -> Durations.parse(t), Durations::format);

    /** A file-system path; a relative one resolves against the config file's directory. Absolute and normalized. */
    public static final FieldType<Path> PATH = scalar("path", FieldTypes::path, Path::toString);

    /** {@code host:port}; port 0 allowed (it means "disabled" where the key says so). */
    public static final FieldType<HostPort> HOST_PORT = scalar("host:port", (t, c) -> HostPort.parse(t, 0), HostPort::toString);

    public static final FieldType<List<String>> STRING_LIST = new ListType<>("list of strings", (ScalarType<String>) STRING);

    /** Paths relative to {@code source.baseDir}: no leading '/', no '..'; {@code .} is the base itself. */
    public static final FieldType<List<RelPath>> REL_PATH_LIST = new ListType<>("list of relative paths",
            new ScalarType<>("relative path", FieldTypes::relPath, p -> new String(p.bytes(), StandardCharsets.UTF_8)));

    public static final FieldType<Map<String, String>> STRING_MAP = new StringMapType();

    /** A command: one string run by {@code /bin/sh -c}, or a list of arguments; empty means none. */
    public static final FieldType<List<String>> COMMAND = new CommandLineType();

    private FieldTypes() {
    }

    /** One of fixed words, case-insensitive; the value is the lower-case word. */
    public static FieldType<String> oneOf(String... words) {
        List<String> allowed = List.of(words);
        String name = String.join("|", allowed);
        return scalar(name, (t, c) -> {
            String w = t.trim().toLowerCase(Locale.ROOT);
            if (!allowed.contains(w)) {
                throw new IllegalArgumentException("expected one of " + String.join(", ", allowed) + ", got '" + t + "'");
            }
            return w;
        }, s -> s);
    }

    /**
     * A constant of {@code type}, written as its lower-case name and read case-insensitively; the type's
     * name lists the words, e.g. {@code auto|replay|full}.
     */
    public static <E extends Enum<E>> FieldType<E> enumOf(Class<E> type) {
        List<String> words = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        return scalar(String.join("|", words), (t, c) -> {
            String w = t.trim().toLowerCase(Locale.ROOT);
            if (!words.contains(w)) {
                throw new IllegalArgumentException("expected one of " + String.join(", ", words) + ", got '" + t + "'");
            }
            return Enum.valueOf(type, w.toUpperCase(Locale.ROOT));
        }, e -> e.name().toLowerCase(Locale.ROOT));
    }

    static <T> FieldType<T> scalar(String name, BiFunction<String, ParseContext, T> parse, Function<T, Object> toYaml) {
        return new ScalarType<>(name, parse, toYaml);
    }

    /** {@code a map} / {@code an integer}: for "expected X, got Y" messages. */
    static String withArticle(String name) {
        return ("aeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }

    private static Path path(String text, ParseContext ctx) {
        String t = text;
        if (t.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        if (t.startsWith("~")) {
            throw new IllegalArgumentException("'~' is not expanded; write an absolute path or one relative to the config file");
        }
        try {
            Path p = Path.of(t);
            return (p.isAbsolute() ? p : ctx.baseDir().resolve(p)).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + t + "' is not a valid path: " + e.getReason());
        }
    }

    private static RelPath relPath(String text, ParseContext ctx) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty; '.' means the whole baseDir");
        }
        return RelPath.of(text);
    }

    /** A single scalar converted by a function that throws IllegalArgumentException with the problem. */
    static final class ScalarType<T> implements FieldType<T> {
        private final String name;
        private final BiFunction<String, ParseContext, T> parse;
        private final Function<T, Object> toYaml;

        ScalarType(String name, BiFunction<String, ParseContext, T> parse, Function<T, Object> toYaml) {
            this.name = name;
            this.parse = parse;
            this.toYaml = toYaml;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Shape shape() {
            return Shape.SCALAR;
        }

        @Override
        public T parse(ConfigNode node, String path, ParseContext ctx) {
            if (!(node instanceof ScalarNode s) || s.value() == null) {
                ctx.problem(path, "expected " + withArticle(name) + ", got " + node.describe(), node.where());
                return null;
            }
            try {
                return parse.apply(s.value(), ctx);
            } catch (IllegalArgumentException e) {
                ctx.problem(path, e.getMessage(), node.where());
                return null;
            }
        }

        @Override
        public Object toYaml(T value) {
            return toYaml.apply(value);
        }
    }

    /** A list of scalars; each bad element is reported with its index. */
    static final class ListType<E> implements FieldType<List<E>> {
        private final String name;
        private final ScalarType<E> element;

        ListType(String name, ScalarType<E> element) {
            this.name = name;
            this.element = element;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Shape shape() {
            return Shape.SCALAR_LIST;
        }

        @Override
        public List<E> parse(ConfigNode node, String path, ParseContext ctx) {
            if (!(node instanceof ListNode list)) {
                ctx.problem(path, "expected " + withArticle(name) + ", got " + node.describe()
                        + (node instanceof ScalarNode s && s.value() != null ? " (write [" + s.value() + "])" : ""),
                        node.where());
                return null;
            }
            List<E> out = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < list.items().size(); i++) {
                E e = element.parse(list.items().get(i), path + "[" + i + "]", ctx);
                ok &= e != null;
                out.add(e);
            }
            return ok ? out : null;
        }

        @Override
        public Object toYaml(List<E> value) {
            return value.stream().map(element::toYaml).toList();
        }
    }

    /** A map of plain strings, e.g. Kafka client properties; keys with dots are single keys. */
    static final class StringMapType implements FieldType<Map<String, String>> {
        @Override
        public String name() {
            return "map of string to string";
        }

        @Override
        public Shape shape() {
            return Shape.STRUCTURED;
        }

        @Override
        public Map<String, String> parse(ConfigNode node, String path, ParseContext ctx) {
            if (!(node instanceof MapNode map)) {
                ctx.problem(path, "expected a map of string to string, got " + node.describe(), node.where());
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            boolean ok = true;
            for (ConfigNode.Entry e : map.entries()) {
                if (e.value() instanceof ScalarNode s && s.value() != null) {
                    out.put(e.key(), s.value());
                } else {
                    String hint = e.value() instanceof MapNode ? " (write dotted keys, e.g. " + e.key() + ".x.y: value)" : "";
                    ctx.problem(path + "." + e.key(), "expected a string, got " + e.value().describe() + hint,
                            e.value().where());
                    ok = false;
                }
            }
            return ok ? out : null;
        }

        @Override
        public Object toYaml(Map<String, String> value) {
            return new TreeMap<>(value);
        }
    }
}
