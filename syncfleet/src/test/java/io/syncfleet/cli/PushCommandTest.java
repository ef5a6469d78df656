package io.syncfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushCommandTest {

    private static List<String> split(String content) {
        return PushCommand.split(content.getBytes(StandardCharsets.UTF_8)).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void oneAPathALineWithoutEmptyLinesOrCarriageReturns() {
        assertEquals(List.of("a", "b c", "d"), split("a\n\nb c\r\nd\n"));
    }

    @Test
    void nulSeparatedWhenTheContentHoldsANulSoNewlinesInNamesSurvive() {
        assertEquals(List.of("line\nbreak", "x"), split("line\nbreak\0x\0"));
    }

    @Test
    void nothingGivesNoPaths() {
        assertEquals(List.of(), split(""));
        assertEquals(List.of(), split("\n\n"));
    }
}
