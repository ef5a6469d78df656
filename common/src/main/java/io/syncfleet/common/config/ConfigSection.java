package io.syncfleet.common.config;

import java.util.List;

/**
 * A top-level section of the config file ({@code kafka}, {@code source}, ...) with its keys in the
 * order the docs and the printer show them.
 */
public record ConfigSection(String name, String doc, List<ConfigField<?>> fields) {
    public ConfigSection {
        fields = List.copyOf(fields);
        for (ConfigField<?> f : fields) {
            if (!f.section().equals(name)) {
                throw new IllegalArgumentException("key " + f.key() + " listed in section " + name);
            }
        }
    }
}
