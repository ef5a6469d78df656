package io.syncfleet.keeper.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncfleet.common.config.Durations;
import io.syncfleet.keeper.domain.alert.Alert;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of an alert, schema version {@value #SCHEMA_VERSION}:
 * <pre>{@code
 * {"schemaVersion": 1, "fleet": "syncfleet", "kind": "fired", "at": "2026-11-29T08:00:00Z",
 *  "since": "2026-11-29T08:00:00Z", "summary": "34 sync errors within 90s (alert at 30) on ...",
 *  "strategies": [{"window": "90s", "threshold": 30, "count": 34, "reached": true}, ...],
 *  "errors": 40, "episodeErrors": 34, "targets": [{"id": "web3", "errors": 20}, ...], "otherTargets": 0,
 *  "reasons": [{"reason": "target-down, rsync exit 10", "count": 30, "example": "..."}], "suppressed": 0}
 * }</pre>
 * {@code kind} is {@code fired}, {@code still-firing}, {@code recovered} or {@code test}; {@code errors} counts the longest
 * window; {@code targets} and {@code reasons} cover the widest reached window (the longest when recovered).
 */
public final class AlertJson {

    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {
    }

    public static String render(String fleet, Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", SCHEMA_VERSION);
        m.put("fleet", fleet);
        m.put("kind", a.kind().word());
        m.put("at", Instant.ofEpochMilli(a.atMillis()).toString());
        m.put("since", Instant.ofEpochMilli(a.sinceMillis()).toString());
        m.put("summary", a.summary());
        m.put("strategies", a.strategies().stream().map(s -> ordered("window", Durations.format(s.strategy().window()),
                "threshold", s.strategy().threshold(), "count", s.count(), "reached", s.reached())).toList());
        m.put("errors", a.errors());
        m.put("episodeErrors", a.episodeErrors());
        m.put("targets", a.targets().stream().map(t -> ordered("id", t.targetId(), "errors", t.count())).toList());
        m.put("otherTargets", a.otherTargets());
        m.put("reasons", a.reasons().stream().map(r -> ordered("reason", r.reason(), "count", r.count(),
                "example", r.example())).toList());
        m.put("suppressed", a.suppressed());
        try {
            return MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert of plain values cannot fail to render", e);
        }
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
