package io.syncfleet.cli;

import io.syncfleet.app.TargetView;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code status --watch}: redraws the status table every interval until stopped. Ctrl-C (SIGINT) runs
 * the JVM's shutdown hooks; the hook installed here stops the loop and waits for it, so the last read
 * ends and the Kafka clients are closed before the JVM exits.
 */
final class StatusWatch {

    /** Moves the cursor home and clears the screen. */
    static final String CLEAR = "\033[H\033[2J";

    /** One read of the fleet; a failure is shown in place of the table and the loop goes on. */
    interface Source {
        List<TargetView> read() throws Exception;
    }

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);

    /** Asks the loop to stop after the current frame. */
    void stop() {
        stop.countDown();
    }

    /**
     * Runs until {@link #stop()} or, when {@code maxFrames} is positive, after that many frames.
     *
     * @return the number of frames drawn
     */
    int run(Source source, PrintWriter out, Duration interval, String header, int maxFrames)
            throws InterruptedException {
        int frames = 0;
        try {
            while (stop.getCount() > 0) {
                String body;
                try {
                    body = StatusTable.render(source.read(), Instant.now());
                } catch (Exception e) {
                    body = "cannot read the fleet status: " + e.getMessage() + " (retrying)";
                }
                out.print(CLEAR);
                out.println(header + "  every " + interval.toMillis() / 1000.0 + "s, " + Instant.now()
                        + "  (Ctrl-C to quit)");
                out.println();
                out.println(body);
                out.flush();
                frames++;
                if (maxFrames > 0 && frames >= maxFrames) {
                    break;
                }
                stop.await(interval.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            ended.countDown();
        }
        return frames;
    }

    /** A shutdown hook that stops the loop and waits a little for it to end. */
    Thread stopOnExit() {
        return new Thread(() -> {
            stop();
            try {
                ended.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "status-watch-stop");
    }
}
