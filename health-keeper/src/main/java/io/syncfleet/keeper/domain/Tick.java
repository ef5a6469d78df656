package io.syncfleet.keeper.domain;

/**
 * Nothing happened; the clock moved. It never changes a target: the answer's
 * {@link Transition#nextProbeAtMillis()} and {@link TargetHealth#probeDue(long)} say when to probe.
 */
public record Tick() implements Signal {
    public static final Tick INSTANCE = new Tick();
}
