package io.syncfleet.worker.domain;

import io.syncfleet.testkit.LayeringCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The worker's domain package stays pure (STYLE.md). */
class DomainLayeringTest {

    @Test
    void domainSourcesUseNoAdapters() {
        LayeringCheck.assertPure(Path.of("src/main/java"), "io.syncfleet.worker.domain", 5);
    }
}
