package io.syncfleet.keeper.domain.alert;

import io.syncfleet.common.config.AlertStrategy;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an alert says, the same on every channel.
 *
 * @param kind fired, still firing (a reminder after the cooldown) or recovered
 * @param atMillis when it was decided
 * @param sinceMillis when the rate first reached a strategy in this episode
 * @param strategies every strategy with its count now, shortest window first
 * @param errors errors within the longest window now
 * @param episodeErrors errors counted since the episode began
 * @param targets the targets with the most errors within the widest reached window (the longest window when
 *     recovered), most first, at most {@link ErrorRateMonitor#MAX_LISTED}
 * @param otherTargets how many more targets had errors in that window
 * @param reasons the top reasons in that window, most first, at most {@link ErrorRateMonitor#MAX_REASONS}
 * @param suppressed bursts and reminders not sent since the last alert sent
 * @param summary one line for a log, a subject or an SMS
 */
public record Alert(Kind kind, long atMillis, long sinceMillis, List<StrategyCount> strategies, int errors,
                    int episodeErrors, List<TargetCount> targets, int otherTargets, List<ReasonCount> reasons,
                    int suppressed, String summary) {

    public Alert {
        Objects.requireNonNull(kind, "kind");
        strategies = List.copyOf(strategies);
        targets = List.copyOf(targets);
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(summary, "summary");
    }

    /**
     * A test alert for checking the channels: every strategy with count 0, no target, no reason.
     *
     * @param strategies the configured strategies
     */
    public static Alert test(List<AlertStrategy> strategies, long nowMillis) {
        return new Alert(Kind.TEST, nowMillis, nowMillis, strategies.stream().map(s -> new StrategyCount(s, 0)).toList(),
                0, 0, List.of(), 0, List.of(), 0, "test alert: the alert channels work; the error rate is not high");
    }

    /**
     * A dustbin entry parked after its last retry: its paths will not be retried until an operator acts, so it
     * is sent at once, whatever the error rate.
     *
     * @param targetId the target whose paths failed
     * @param fileCount how many paths the entry holds
     * @param message the worker's message (names the entry and the command to retry it)
     */
    public static Alert parked(String targetId, int fileCount, String message, long nowMillis) {
        return new Alert(Kind.PARKED, nowMillis, nowMillis, List.of(), 1, 1, List.of(new TargetCount(targetId, 1)), 0,
                List.of(new ReasonCount("dustbin entry parked", 1, message)), 0,
                "target " + targetId + ": " + fileCount + " path(s) parked in the dustbin after their last retry; "
                        + message);
    }

    /**
     * What happened to the error rate; {@code PARKED} is a dustbin entry given up on; {@code TEST} is sent by
     * hand ({@code syncfleet test-alert}).
     */
    public enum Kind {
        FIRED, STILL_FIRING, RECOVERED, PARKED, TEST;

        /** {@code fired}, {@code still-firing}, {@code recovered}: the word in JSON and in SYNCFLEET_ALERT. */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A strategy and the errors within its window now; {@code reached} when the count is at its threshold. */
    public record StrategyCount(AlertStrategy strategy, int count) {
        public boolean reached() {
            return count >= strategy.threshold();
        }
    }

    /** Errors of one target. */
    public record TargetCount(String targetId, int count) {
    }

    /** Errors of one reason, with the latest worker message as an example. */
    public record ReasonCount(String reason, int count, String example) {
    }
}
