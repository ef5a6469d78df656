package io.syncfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** A made-up service module in a temp dir: {@code org.example.svc} with {@code domain}, {@code kafka} and {@code app}. */
class LayeringCheckTest {

    private static final String DOMAIN = "org.example.svc.domain";

    @TempDir
    Path root;

    @BeforeEach
    void module() {
        write("domain/Pure.java", """
                package org.example.svc.domain;

                import java.nio.file.Path;
                import java.time.Clock;
                import org.example.common.Event;

                /** Pure: a path is a value, and time comes from a clock. */
                record Pure(Path cwd, Clock clock, Event event) {
                }
                """);
        write("domain/Other.java", "package org.example.svc.domain;\n\nfinal class Other {\n}\n");
        write("kafka/Adapter.java", "package org.example.svc.kafka;\n\nfinal class Adapter {\n}\n");
        write("app/Main.java", "package org.example.svc.app;\n\nfinal class Main {\n}\n");
    }

    private void write(String rel, String text) {
        TestTrees.write(root.resolve("org/example/svc"), rel, text);
    }

    private AssertionError failure(String... alsoForbidden) {
        return assertThrows(AssertionError.class, () -> LayeringCheck.assertPure(root, DOMAIN, 2, alsoForbidden));
    }

    @Test
    void aPureDomainPasses() {
        LayeringCheck.assertPure(root, DOMAIN, 2);
    }

    @ParameterizedTest
    @FieldSource("io.syncfleet.testkit.LayeringCheck#FORBIDDEN")
    void everyForbiddenNameFailsWithItsFileAndLine(String name) {
        write("domain/Impure.java", "package org.example.svc.domain;\n\n// " + name + "\n");
        String message = failure().getMessage();
        assertTrue(message.contains("Impure.java:3 uses " + name), message);
    }

    @Test
    void theModulesOtherPackagesAreForbidden() {
        write("domain/UsesAdapter.java", "package org.example.svc.domain;\n\nimport org.example.svc.kafka.Adapter;\n"
                + "import org.example.svc.app.Main;\n");
        String message = failure().getMessage();
        assertTrue(message.contains("UsesAdapter.java:3 uses org.example.svc.kafka"), message);
        assertTrue(message.contains("UsesAdapter.java:4 uses org.example.svc.app"), message);
    }

    @Test
    void subPackagesOfTheDomainAreCheckedToo() {
        write("domain/rules/Deep.java", "package org.example.svc.domain.rules;\n\nimport java.net.URI;\n");
        String message = failure().getMessage();
        assertTrue(message.contains("Deep.java:3 uses java.net"), message);
    }

    @Test
    void aModuleMayForbidMore() {
        LayeringCheck.assertPure(root, DOMAIN, 2);
        String message = failure("java.nio.file").getMessage();
        assertTrue(message.contains("Pure.java:3 uses java.nio.file"), message);
    }

    @Test
    void tooFewSourcesFail() {
        String message = assertThrows(AssertionError.class, () -> LayeringCheck.assertPure(root, DOMAIN, 3))
                .getMessage();
        assertTrue(message.contains("at least 3 domain sources"), message);
    }

    @Test
    void aMissingDomainPackageFails() {
        assertThrows(AssertionError.class, () -> LayeringCheck.assertPure(root, "org.example.none.domain", 1));
    }
}
