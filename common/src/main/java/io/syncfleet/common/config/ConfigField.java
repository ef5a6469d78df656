package io.syncfleet.common.config;

import io.syncfleet.common.config.ConfigNode.Entry;
import io.syncfleet.common.config.ConfigNode.ListNode;
import io.syncfleet.common.config.ConfigNode.MapNode;
import io.syncfleet.common.config.ConfigNode.ScalarNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One config key, fully defined in one place: its full path, type, default, validators, doc, how to
 * read it back from a {@link SyncfleetConfig} (for printing) and how to mask it. Immutable; each
 * {@code withX} returns a copy, so definitions read as one expression (see {@link ConfigKeys}).
 *
 * <p>The default is written as it would be in YAML ({@code "20ms"}, {@code "./data/kafka"},
 * {@code List.of(".")}) and goes through the same parsing and validation as a user's value, so a default
 * can never be invalid, and relative path defaults resolve against the config file's directory.
 */
public final class ConfigField<T> {

    private final String key;
    private final FieldType<T> type;
    private final Object defaultYaml;
    private final boolean required;
    private final List<Validator<? super T>> validators;
    private final String doc;
    private final Function<SyncfleetConfig, ? extends T> reader;
    private final UnaryOperator<Object> mask;

    private ConfigField(String key, FieldType<T> type, Object defaultYaml, boolean required,
                        List<Validator<? super T>> validators, String doc,
                        Function<SyncfleetConfig, ? extends T> reader, UnaryOperator<Object> mask) {
        this.key = key;
        this.type = type;
        this.defaultYaml = defaultYaml;
        this.required = required;
        this.validators = List.copyOf(validators);
        this.doc = doc;
        this.reader = reader;
        this.mask = mask;
    }

    /** Starts a definition; {@code key} is the full path, e.g. {@code kafka.bootstrap}. */
    public static <T> ConfigField<T> define(String key, FieldType<T> type) {
        if (!key.matches("[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)+")) {
            throw new IllegalArgumentException("config key must be section.camelCase: " + key);
        }
        return new ConfigField<>(key, Objects.requireNonNull(type, "type"), null, false, List.of(), "", null,
                UnaryOperator.identity());
    }

    /** The default as it would be written in YAML: a String, Integer, List of Strings or Map. */
    public ConfigField<T> withDefault(Object yaml) {
        return new ConfigField<>(key, type, Objects.requireNonNull(yaml, "yaml"), false, validators, doc, reader, mask);
    }

    public ConfigField<T> required() {
        return new ConfigField<>(key, type, null, true, validators, doc, reader, mask);
    }

    public ConfigField<T> validatedBy(Validator<? super T> validator) {
        List<Validator<? super T>> v = new ArrayList<>(validators);
        v.add(validator);
        return new ConfigField<>(key, type, defaultYaml, required, v, doc, reader, mask);
    }

    public ConfigField<T> withDoc(String text) {
        return new ConfigField<>(key, type, defaultYaml, required, validators, text, reader, mask);
    }

    /** Where the value lives in the typed tree, for printing the effective config. */
    public ConfigField<T> readFrom(Function<SyncfleetConfig, ? extends T> from) {
        return new ConfigField<>(key, type, defaultYaml, required, validators, doc, from, mask);
    }

    /** Applied to the YAML form when printing, e.g. to hide secrets. */
    public ConfigField<T> maskedBy(UnaryOperator<Object> masker) {
        return new ConfigField<>(key, type, defaultYaml, required, validators, doc, reader, masker);
    }

    public String key() {
        return key;
    }

    /** The first path segment, e.g. {@code kafka}. */
    public String section() {
        return key.substring(0, key.indexOf('.'));
    }

    public FieldType<T> type() {
        return type;
    }

    public String doc() {
        return doc;
    }

    public boolean isRequired() {
        return required;
    }

    /** True when absent means null (neither required nor defaulted). */
    public boolean isOptional() {
        return !required && defaultYaml == null;
    }

    public List<Validator<? super T>> validators() {
        return validators;
    }

    /** The default as written in YAML, for docs: {@code embedded}, {@code ["."]}, {@code {}}; null if none. */
    public String defaultText() {
        return defaultYaml == null ? null : flow(defaultYaml);
    }

    /** The environment variable documented for this key, e.g. {@code SYNCFLEET_KAFKA_TOPIC_PREFIX}. */
    public String envVar() {
        String words = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_');
        return EnvOverrides.PREFIX + words.toUpperCase(Locale.ROOT);
    }

    /** Parses and validates a value; reports problems at this key's path; null when unusable. */
    public T parse(ConfigNode node, ParseContext ctx) {
        T value = type.parse(node, key, ctx);
        if (value == null) {
            return null;
        }
        boolean ok = true;
        for (Validator<? super T> v : validators) {
            String problem = v.problem(value);
            if (problem != null) {
                ctx.problem(key, problem, node.where());
                ok = false;
            }
        }
        return ok ? value : null;
    }

    /** The default as a node with origin {@code default}, or null. */
    ConfigNode defaultNode() {
        return defaultYaml == null ? null : node(defaultYaml);
    }

    /** This key's value in a config, as plain YAML data, masked. */
    public Object yamlValue(SyncfleetConfig config) {
        if (reader == null) {
            throw new IllegalStateException("no readFrom for " + key);
        }
        T value = reader.apply(config);
        return value == null ? null : mask.apply(type.toYaml(value));
    }

    boolean hasReader() {
        return reader != null;
    }

    @SuppressWarnings("unchecked")
    private static ConfigNode node(Object yaml) {
        if (yaml instanceof List<?> list) {
            return new ListNode(list.stream().map(ConfigField::node).toList(), ConfigNode.DEFAULT);
        }
        if (yaml instanceof Map<?, ?> map) {
            List<Entry> entries = new ArrayList<>();
            ((Map<String, Object>) map).forEach((k, v) -> entries.add(new Entry(k, ConfigNode.DEFAULT, node(v))));
            return new MapNode(entries, ConfigNode.DEFAULT);
        }
        return new ScalarNode(String.valueOf(yaml), ConfigNode.DEFAULT);
    }

    private static String flow(Object yaml) {
        if (yaml instanceof List<?> list) {
            return list.stream().map(i -> "\"" + i + "\"").collect(Collectors.joining(", ", "[", "]"));
        }
        if (yaml instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(yaml);
    }

    @Override
    public String toString() {
        return key;
    }
}
