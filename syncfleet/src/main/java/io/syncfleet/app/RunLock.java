package io.syncfleet.app;

import io.syncfleet.common.lock.DirLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One watcher per tree: {@code run} with the watcher role locks {@code <watch.stateDir>/run.lock}
 * (a FileChannel lock; the file holds the owner's pid). A second run with the same state directory
 * stops with the holder's pid instead of publishing every change twice. Released when the process ends,
 * however it ends.
 */
public final class RunLock implements AutoCloseable {

    public static final String FILE_NAME = "run.lock";

    private final DirLock lock;

    private RunLock(DirLock lock) {
        this.lock = lock;
    }

    /** Takes the lock, or throws a {@link UserError} naming the process that holds it. */
    public static RunLock acquire(Path stateDir) {
        DirLock.Acquired acquired;
        try {
            Files.createDirectories(stateDir);
            acquired = DirLock.acquire(stateDir, FILE_NAME);
        } catch (IOException e) {
            throw new UserError("watch.stateDir " + stateDir + ": cannot create or lock " + FILE_NAME + ": " + e
                    + "; check the directory's permissions");
        }
        if (acquired.lock() == null) {
            String who = acquired.holderPid() < 0 ? "another process (pid not written yet)"
                    : "pid " + acquired.holderPid();
            throw new UserError("another syncfleet run with the watcher role is using watch.stateDir " + stateDir
                    + ": " + who + " holds " + stateDir.resolve(FILE_NAME) + "; stop it first"
                    + (acquired.holderPid() < 0 ? "" : " (kill " + acquired.holderPid() + ")")
                    + ", or run this one with --roles worker,keeper or its own watch.stateDir");
        }
        return new RunLock(acquired.lock());
    }

    @Override
    public void close() {
        try {
            lock.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }
}
