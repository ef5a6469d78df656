package io.syncfleet.watcher.fs;

import static io.syncfleet.watcher.domain.PathEvent.Type.CREATE;
import static io.syncfleet.watcher.domain.PathEvent.Type.OVERFLOW;

import io.syncfleet.watcher.domain.ExcludeFilter;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@link WatchBackendContract} on the JDK WatchService backend, which reports a new file as it appears,
 * plus what only it does: an overflow of one directory's events is reported on that directory, which is
 * then reconciled.
 */
class JdkWatchBackendIT extends WatchBackendContract {

    JdkWatchBackendIT() {
        super(JdkWatchBackend.NAME, CREATE);
    }

    @Override
    protected WatchBackend startBackend(WatchListener listener) throws IOException {
        return startedOnWww(new JdkWatchBackend(base, ExcludeFilter.of(EXCLUDES), 4), listener);
    }

    @Test
    void overflowIsReportedAndTheDirectoryIsReconciled() throws Exception {
        loseEventsWhileHeld(events);
        events.awaitEvent(OVERFLOW, "www/css");
        // 5 - img/a - img/a/b + css/sub + css/a-moved + css/a-moved/b
        awaitWatched(6);
        awaitLostDirectoriesReportAgain(events);
    }
}
