package io.syncfleet.common.config;

/**
 * How a key's value is read from the tree and written back: the type half of a {@link ConfigField}.
 * Implementations report every problem to the context with the full path and the node's origin, and
 * return null when the value is unusable.
 */
public interface FieldType<T> {

    /** How the value can come from an environment variable. */
    enum Shape {
        /** one variable holds the value */
        SCALAR,
        /** one variable holds a comma-separated list */
        SCALAR_LIST,
        /** only the config file can set it */
        STRUCTURED
    }

    /** Name for docs and type errors, e.g. {@code duration} or {@code list of strings}. */
    String name();

    Shape shape();

    T parse(ConfigNode node, String path, ParseContext ctx);

    /** The value as plain YAML data (String, Integer, Boolean, List, Map) for printing. */
    Object toYaml(T value);
}
