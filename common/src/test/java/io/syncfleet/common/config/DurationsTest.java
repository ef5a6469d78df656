package io.syncfleet.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"250ms, 250", "5s, 5000", "1m, 60000", "1h, 3600000", "1d, 86400000", "0ms, 0", "0s, 0",
            "1500ms, 1500", "90s, 90000"})
    void parsesEveryUnit(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "1.5s", "5 sec", "-1s", "", " ", "1w", "5S", "s", "ms10", "PT5S", "1h30m"})
    void rejectsEverythingElseSayingWhatIsExpected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals(true, e.getMessage().startsWith(Durations.EXPECTED + ", got '" + text + "'"), e.getMessage());
    }

    @Test
    void tooLongIsRejected() {
        assertEquals("duration '999999999999999d' is too long",
                assertThrows(IllegalArgumentException.class, () -> Durations.parse("999999999999999d")).getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0, 0ms", "20, 20ms", "1000, 1s", "1500, 1500ms", "60000, 1m", "90000, 90s", "3600000, 1h",
            "86400000, 1d", "172800000, 2d"})
    void formatsTheShortestExactText(long millis, String text) {
        assertEquals(text, Durations.format(Duration.ofMillis(millis)));
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @Test
    void durationKeysUseTheSyntax() {
        SyncfleetConfig c = Configs.load(Configs.withBaseDir("watch: {delay: 0ms}\nrsync: {timeout: 1h}\n"));
        assertEquals(Duration.ZERO, c.watch().delay());
        assertEquals(Duration.ofHours(1), c.rsync().timeout());
        assertEquals(List.of("rsync.timeout: expected a duration like 250ms, 5s, 1m, 1h or 1d, got '10'"
                + " (a unit is required) (line 2)"), Configs.problems(Configs.withBaseDir("rsync: {timeout: 10}\n")));
    }
}
