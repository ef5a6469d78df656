package io.syncfleet.watcher.domain;

import io.syncfleet.testkit.LayeringCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The watcher's domain package stays pure (STYLE.md). */
class DomainLayeringTest {

    @Test
    void domainSourcesUseNoAdapters() {
        LayeringCheck.assertPure(Path.of("src/main/java"), "io.syncfleet.watcher.domain", 5);
    }
}
