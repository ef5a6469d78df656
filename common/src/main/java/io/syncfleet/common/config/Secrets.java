package io.syncfleet.common.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Which settings are secret, and their masked form. Secrets never reach a printed config or a log line. */
public final class Secrets {

    public static final String MASK = "******";

    /** Parts of a property name that mark its value secret (case-insensitive). */
    private static final List<String> MARKERS = List.of("password", "secret", "jaas", "token", "credential");

    private Secrets() {
    }

    /** True for e.g. {@code ssl.key.password}, {@code sasl.jaas.config}, {@code sasl.client.secret}. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return MARKERS.stream().anyMatch(k::contains);
    }

    /** A copy of a map, sorted by key, with the values of secret keys replaced by {@link #MASK}. */
    public static Map<String, String> mask(Map<String, String> properties) {
        Map<String, String> out = new TreeMap<>();
        properties.forEach((k, v) -> out.put(k, isSecret(k) ? MASK : v));
        return out;
    }

    /** {@link #mask} for a map in YAML form; anything else is returned as is. */
    @SuppressWarnings("unchecked")
    static Object maskEntries(Object yaml) {
        return yaml instanceof Map<?, ?> m ? mask((Map<String, String>) m) : yaml;
    }
}
