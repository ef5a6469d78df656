package io.syncfleet.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A playwright-core script of {@code src/test/browser} running in Debian's headless Chromium, for tests
 * that drive the dashboard. Its output goes to a log file; {@link #awaitPassed} fails with that output.
 */
final class BrowserScript {

    static final Path DIR = Path.of("src/test/browser");

    private final Process process;
    private final Path log;

    private BrowserScript(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Why the browser tests cannot run here, or null when they can. */
    static String missing() {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            return "no /usr/bin/chromium: apt-get install -y chromium";
        }
        if (!Files.isDirectory(DIR.resolve("node_modules/playwright-core"))) {
            return "no playwright-core: run 'npm ci' in syncfleet/src/test/browser";
        }
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "node"))) {
                return null;
            }
        }
        return "no node on PATH";
    }

    static BrowserScript start(String script, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("node", script).directory(DIR.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new BrowserScript(pb.start(), log);
    }

    /** Waits for the script (at most 5 min) and fails with its output unless it printed {@code passedLine}. */
    String awaitPassed(String passedLine) throws IOException, InterruptedException {
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        String out = Files.readString(log);
        assertTrue(ended, "browser script still running after 5 min:\n" + out);
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains(passedLine), out);
        return out;
    }
}
