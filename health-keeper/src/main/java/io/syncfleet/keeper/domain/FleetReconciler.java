package io.syncfleet.keeper.domain;

import io.syncfleet.common.config.TargetConfig;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides which {@link TargetStatus} records the keeper must publish so that the {@code targets}
 * topic describes the configured fleet.
 *
 * <p>Invariants: a configured target that the topic does not know, or knows with another URL, is
 * published as {@link TargetState#READY}; a target the topic already knows with the same URL is left
 * alone (its state belongs to the state machine). Targets in the topic but not in the static list are
 * not touched here: they may have been added at run time.
 *
 * <p>Until probes exist (the health issue), a new static target starts {@code READY}: the workers'
 * own retry-with-backoff keeps an unreachable target from slowing the others.
 */
public final class FleetReconciler {

    private FleetReconciler() {
    }

    public static List<TargetStatus> reconcile(List<TargetConfig> configured, Map<String, TargetStatus> known,
                                               long nowMillis) {
        List<TargetStatus> out = new ArrayList<>();
        for (TargetConfig t : configured) {
            TargetStatus current = known.get(t.id());
            String url = t.url().original();
            if (current == null) {
                out.add(TargetStatus.of(t.id(), url, TargetState.READY, nowMillis, "added from targets.static"));
            } else if (!current.url().equals(url)) {
                out.add(TargetStatus.of(t.id(), url, TargetState.READY, nowMillis,
                        "url changed in targets.static from " + current.url()));
            }
        }
        return out;
    }
}
