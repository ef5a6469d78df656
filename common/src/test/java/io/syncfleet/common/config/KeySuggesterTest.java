package io.syncfleet.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeySuggesterTest {

    private final List<String> known = ConfigSchema.SYNCFLEET.allPaths();

    @ParameterizedTest
    @CsvSource({"kafka.bootstrapp, kafka.bootstrap", "kafka.bootsrtap, kafka.bootstrap", "kafak, kafka",
            "kafka.TOPIC_PREFIX, kafka.topicPrefix", "rsync.max-init, rsync.maxInit", "watch.baseDir, source.baseDir",
            "log.levl, log.level", "sttus, status", "targets.statik, targets.static"})
    void suggestsTheIntendedKey(String typo, String meant) {
        assertEquals(meant, KeySuggester.suggest(typo, known).orElse(null));
    }

    @ParameterizedTest
    @CsvSource({"foo", "metrics", "kafka.zookeeper", "log.colour", "pager"})
    void staysQuietWhenNothingIsClose(String unrelated) {
        assertEquals(null, KeySuggester.suggest(unrelated, known).orElse(null));
    }

    @Test
    void swappedNeighboursCountAsOneEdit() {
        assertEquals(1, KeySuggester.distance("kafak", "kafka"));
        assertEquals(3, KeySuggester.distance("kitten", "sitting"));
    }
}
