package io.syncfleet.cli;

import io.syncfleet.quickstart.Quickstart;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Make a demo source and 3 local rsync-daemon targets under DIR, run everything, and say what to try.")
final class QuickstartCommand implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = "quickstart", description = "Demo directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this many seconds (default: run until Ctrl-C).")
    long duration;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Quickstart q = new Quickstart(dir);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            q.close();
            stop.countDown();
        }, "shutdown"));
        q.start(spec.commandLine().getOut());
        if (duration > 0) {
            stop.await(duration, TimeUnit.SECONDS);
            q.close();
        } else {
            stop.await();
        }
        return 0;
    }
}
