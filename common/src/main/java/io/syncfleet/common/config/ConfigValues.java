package io.syncfleet.common.config;

import java.util.HashMap;
import java.util.Map;

/** The parsed, validated value of every key that had no problem, with where each came from. */
public final class ConfigValues {

    private final Map<ConfigField<?>, Object> values = new HashMap<>();
    private final Map<ConfigField<?>, String> origins = new HashMap<>();

    <T> void put(ConfigField<T> field, T value, String where) {
        values.put(field, value);
        origins.put(field, where);
    }

    /** True when the key has a usable value (or is optional and absent). */
    public boolean has(ConfigField<?> field) {
        return values.containsKey(field);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigField<T> field) {
        if (!values.containsKey(field)) {
            throw new IllegalStateException("no value for " + field.key());
        }
        return (T) values.get(field);
    }

    /** {@code line 12}, {@code from env X}, {@code default}. */
    public String where(ConfigField<?> field) {
        return origins.get(field);
    }
}
