package io.syncfleet.app;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.path.BaseDirPaths;
import io.syncfleet.common.path.RelPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks what a role needs from this host before anything starts, and reports every problem in one
 * message, each naming the config key and the fix.
 */
public final class Preflight {

    private Preflight() {
    }

    public static void check(SyncfleetConfig config, Roles roles) {
        List<String> problems = new ArrayList<>();
        if (roles.watcher() || roles.worker()) {
            checkSource(config, problems);
        }
        if (roles.worker()) {
            checkRsync(config.rsync().binary(), problems);
        }
        if (!problems.isEmpty()) {
            throw new UserError(String.join("\n", problems));
        }
    }

    private static void checkSource(SyncfleetConfig config, List<String> problems) {
        Path base = config.source().baseDir();
        if (!Files.isDirectory(base)) {
            problems.add("source.baseDir: directory " + base + (Files.exists(base) ? " is not a directory" : " does not exist")
                    + "; create it or fix source.baseDir");
            return;
        }
        List<RelPath> paths = config.source().paths();
        BaseDirPaths fs = new BaseDirPaths(base);
        for (int i = 0; i < paths.size(); i++) {
            Path p = fs.toPath(paths.get(i));
            if (!Files.isDirectory(p)) {
                problems.add("source.paths[" + i + "]: " + p + " is not an existing directory under source.baseDir; "
                        + "create it or remove it from source.paths");
            }
        }
    }

    static void checkRsync(String binary, List<String> problems) {
        try {
            Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                problems.add("rsync.binary: '" + binary + " --version' failed; check the rsync installation");
            }
        } catch (IOException e) {
            problems.add("rsync.binary: '" + binary + "' not found; install rsync (apt-get install rsync) "
                    + "or set rsync.binary to its full path");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
