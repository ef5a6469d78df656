package io.syncfleet.keeper.domain;

import java.util.Objects;

/**
 * A worker's sync failed in a way that means the target is down (connection refused, timeout, rsync
 * exit 10, 12, 30 or 35): a ready target becomes unhealthy at once instead of at its next probe.
 *
 * @param detail what the worker saw, e.g. {@code exit 10 connection refused}
 */
public record SyncDown(String detail) implements Signal {
    public SyncDown {
        Objects.requireNonNull(detail, "detail");
    }
}
