package io.syncfleet.app;

import io.syncfleet.common.config.ConfigException;
import io.syncfleet.common.config.ConfigLoader;
import io.syncfleet.common.config.ConfigProblem;
import io.syncfleet.common.config.SyncfleetConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config file into a running {@link Node}: on SIGHUP ({@code kill -HUP <pid>},
 * {@code systemctl reload syncfleet}), or, where the JVM does not let us handle SIGHUP, when the file's
 * mtime changes. An invalid file is rejected with every problem logged, and the running config stays.
 * Reloads run one at a time on their own thread, never on the signal's.
 */
public final class ConfigReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);
    private static final long MTIME_CHECK_SECONDS = 5;

    private final Path file;
    private final String profile;
    private final Map<String, String> environment;
    private final Node node;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "config-reload");
        t.setDaemon(true);
        return t;
    });

    public ConfigReloader(Path file, String profile, Map<String, String> environment, Node node) {
        this.file = file;
        this.profile = profile;
        this.environment = environment;
        this.node = node;
    }

    /** Reloads on SIGHUP, or polls the file's mtime when the signal cannot be handled here. */
    @SuppressWarnings("restriction")
    public ConfigReloader install() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> thread.execute(this::reload));
            LOG.info("config reload: on SIGHUP (kill -HUP {}), from [{}]", ProcessHandle.current().pid(), file);
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            long[] last = {mtime()};
            thread.scheduleWithFixedDelay(() -> {
                long now = mtime();
                if (now != last[0]) {
                    last[0] = now;
                    reload();
                }
            }, MTIME_CHECK_SECONDS, MTIME_CHECK_SECONDS, TimeUnit.SECONDS);
            LOG.info("config reload: SIGHUP cannot be handled here ({}); reloading when [{}] changes instead", e, file);
        }
        return this;
    }

    /**
     * Loads the file and applies it; false when it was rejected or could not be applied. The reason is
     * logged either way.
     */
    public boolean reload() {
        SyncfleetConfig loaded;
        try {
            loaded = ConfigLoader.load(file, profile, environment);
        } catch (ConfigException e) {
            LOG.error("config reload rejected: [{}] has {} problem(s); the running config stays", file,
                    e.problems().size());
            for (ConfigProblem p : e.problems()) {
                LOG.error("config reload rejected: {}", p);
            }
            return false;
        }
        try {
            node.reload(loaded);
            return true;
        } catch (Exception e) {
            LOG.error("config reload from [{}] failed while applying it: {}", file, e.toString(), e);
            return false;
        }
    }

    private long mtime() {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
