package io.syncfleet.common.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The effective config as YAML: every key of every section, defaults included, paths absolute, secrets
 * masked ({@link Secrets}). Loading the output again gives the same config (secrets aside).
 */
public final class ConfigPrinter {

    private ConfigPrinter() {
    }

    public static String effectiveYaml(SyncfleetConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (ConfigSection section : ConfigSchema.SYNCFLEET.sections()) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (ConfigField<?> field : section.fields()) {
                put(values, field.key().substring(section.name().length() + 1), field.yamlValue(config));
            }
            root.put(section.name(), values);
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setDereferenceAliases(true); // shared empty lists would print as &id001 anchors
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        return new Yaml(options).dump(root);
    }

    /** Puts a value at a dotted path below a section, creating nested maps for deeper keys. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> map, String dotted, Object value) {
        int dot = dotted.indexOf('.');
        if (dot < 0) {
            map.put(dotted, value);
            return;
        }
        Object sub = map.computeIfAbsent(dotted.substring(0, dot), k -> new LinkedHashMap<String, Object>());
        put((Map<String, Object>) sub, dotted.substring(dot + 1), value);
    }
}
