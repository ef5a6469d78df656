package io.syncfleet.common.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * All sections and keys of a config, with lookups by path. {@link #SYNCFLEET} is syncfleet's schema,
 * built from {@link ConfigKeys}.
 */
public final class ConfigSchema {

    public static final ConfigSchema SYNCFLEET = new ConfigSchema(ConfigKeys.SECTIONS, ConfigKeys.CROSS_CHECKS);

    private final List<ConfigSection> sections;
    private final List<CrossCheck> crossChecks;
    private final Map<String, ConfigField<?>> byKey = new LinkedHashMap<>();
    private final Set<String> prefixes = new HashSet<>();

    public ConfigSchema(List<ConfigSection> sections, List<CrossCheck> crossChecks) {
        this.sections = List.copyOf(sections);
        this.crossChecks = List.copyOf(crossChecks);
        for (ConfigSection s : sections) {
            for (ConfigField<?> f : s.fields()) {
                if (byKey.put(f.key(), f) != null) {
                    throw new IllegalArgumentException("key defined twice: " + f.key());
                }
                String k = f.key();
                for (int dot = k.indexOf('.'); dot > 0; dot = k.indexOf('.', dot + 1)) {
                    prefixes.add(k.substring(0, dot));
                }
            }
        }
        for (String key : byKey.keySet()) {
            if (prefixes.contains(key)) {
                throw new IllegalArgumentException("key " + key + " is also a section of other keys");
            }
        }
    }

    public List<ConfigSection> sections() {
        return sections;
    }

    public List<CrossCheck> crossChecks() {
        return crossChecks;
    }

    public List<ConfigField<?>> fields() {
        return List.copyOf(byKey.values());
    }

    public Optional<ConfigField<?>> field(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** True when {@code path} is a section (or a deeper group) that holds keys. */
    public boolean isGroup(String path) {
        return prefixes.contains(path);
    }

    /** Every key and group, for typo suggestions. */
    public List<String> allPaths() {
        List<String> all = new ArrayList<>(byKey.keySet());
        all.addAll(prefixes);
        return all;
    }

    /** The names directly under a group, e.g. {@code bootstrap, dataDir, ...} for {@code kafka}. */
    public List<String> childrenOf(String group) {
        Set<String> out = new LinkedHashSet<>();
        String p = group.isEmpty() ? "" : group + ".";
        for (String k : byKey.keySet()) {
            if (k.startsWith(p)) {
                String rest = k.substring(p.length());
                int dot = rest.indexOf('.');
                out.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        return List.copyOf(out);
    }
}
