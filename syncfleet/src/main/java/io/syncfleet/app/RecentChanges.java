package io.syncfleet.app;

import io.syncfleet.kafka.StateChangeReader;
import io.syncfleet.kafka.StateChangeReader.StateChange;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The fleet's recent state changes for {@code /status}, read from Kafka at most every {@link #MAX_AGE}: the
 * dashboard polls every few seconds, and each read opens a consumer.
 */
final class RecentChanges {

    static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final StateChangeReader reader;
    private final int limit;
    private final Clock clock;
    private List<StateChange> last = List.of();
    private long readAtMillis = Long.MIN_VALUE;

    RecentChanges(StateChangeReader reader, int limit, Clock clock) {
        this.reader = reader;
        this.limit = limit;
        this.clock = clock;
    }

    synchronized List<StateChange> get() {
        long now = clock.millis();
        if (readAtMillis == Long.MIN_VALUE || now - readAtMillis >= MAX_AGE.toMillis()) {
            last = reader.recent(limit);
            readAtMillis = now;
        }
        return last;
    }
}
