package io.syncfleet.keeper.domain;

import io.syncfleet.testkit.LayeringCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The keeper's domain package stays pure (STYLE.md); on top of the common rule it uses no {@code java.nio.file} at all. */
class DomainLayeringTest {

    @Test
    void domainSourcesUseNoAdapters() {
        LayeringCheck.assertPure(Path.of("src/main/java"), "io.syncfleet.keeper.domain", 10, "java.nio.file");
    }
}
