package io.syncfleet.common.config;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * A rule between several keys (e.g. {@code rsync.maxInit <= rsync.maxProcesses}). Runs only when all
 * of {@link #fields()} have usable values.
 */
public interface CrossCheck {

    List<ConfigField<?>> fields();

    void check(ConfigValues values, ParseContext ctx);

    static CrossCheck of(List<ConfigField<?>> fields, BiConsumer<ConfigValues, ParseContext> check) {
        return new CrossCheck() {
            @Override
            public List<ConfigField<?>> fields() {
                return fields;
            }

            @Override
            public void check(ConfigValues values, ParseContext ctx) {
                check.accept(values, ctx);
            }
        };
    }
}
