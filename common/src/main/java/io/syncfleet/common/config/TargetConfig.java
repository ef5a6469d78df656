package io.syncfleet.common.config;

import java.util.Objects;

/** One entry of {@code targets.static}. */
public record TargetConfig(String id, TargetUrl url) {
    public TargetConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
    }
}
