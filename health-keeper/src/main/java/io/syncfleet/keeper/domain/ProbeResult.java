package io.syncfleet.keeper.domain;

import java.util.Objects;

/**
 * The outcome of one probe of a target.
 *
 * @param ok true when the target answered as it should
 * @param detail what was seen, for operators: {@code greeting @RSYNCD: 32.0}, {@code connection refused},
 *               {@code no rsync greeting within 2s}
 */
public record ProbeResult(boolean ok, String detail) implements Signal {
    public ProbeResult {
        Objects.requireNonNull(detail, "detail");
    }

    public static ProbeResult ok(String detail) {
        return new ProbeResult(true, detail);
    }

    public static ProbeResult failed(String detail) {
        return new ProbeResult(false, detail);
    }
}
