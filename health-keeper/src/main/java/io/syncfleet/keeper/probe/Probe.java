package io.syncfleet.keeper.probe;

import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.keeper.domain.ProbeResult;

/**
 * Checks once whether a target answers. Blocking, and bounded by the probe's own timeout; a target's
 * failure is a failed {@link ProbeResult}, never an exception. {@link ProbeRunner} runs many at once.
 */
@FunctionalInterface
public interface Probe {

    ProbeResult probe(TargetUrl target);
}
