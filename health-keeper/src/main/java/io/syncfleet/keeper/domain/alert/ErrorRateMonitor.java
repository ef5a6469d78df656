package io.syncfleet.keeper.domain.alert;

import io.syncfleet.common.config.AlertStrategy;
import io.syncfleet.common.config.Durations;
import io.syncfleet.keeper.domain.Elapsed;
import io.syncfleet.keeper.domain.alert.Alert.Kind;
import io.syncfleet.keeper.domain.alert.Alert.ReasonCount;
import io.syncfleet.keeper.domain.alert.Alert.StrategyCount;
import io.syncfleet.keeper.domain.alert.Alert.TargetCount;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The seed's SmartPool: sliding windows over the fleet's sync errors, one per {@code alerts.strategies} rule,
 * deciding when an alert fires, when it is repeated and when the rate has recovered. Pure and single-threaded:
 * the caller serializes {@link #record} and {@link #check}, and sends and logs what they return.
 *
 * <h2>Windows</h2>
 * An error counts in a strategy's window while it is younger than the window ({@code now - at < window}).
 * Errors are kept for the longest window, and at most {@link AlertStrategy#MAX_THRESHOLD} of them (the newest):
 * since no threshold is higher, whether a strategy is reached is always exact; a count above that is shown as
 * the cap. Each error's time is made monotonic (a clock stepping back does not reorder the windows).
 *
 * <h2>Episodes</h2>
 * The rate is <em>high</em> while at least one strategy is reached. When it becomes high an episode begins:
 * <ul>
 *   <li>a {@code FIRED} alert is sent, unless the last alert fired or repeated less than {@code cooldown} ago:
 *       then it is suppressed, and so is the episode's recovery (the operator never heard of it);</li>
 *   <li>while the rate stays high, each time {@code cooldown} has passed since the last sent alert, a
 *       {@code STILL_FIRING} reminder is sent ({@code FIRED} if the episode's start was suppressed);</li>
 *   <li>when every strategy is below its threshold again, the episode ends with {@code RECOVERED}, sent if the
 *       episode's alert was sent. A recovery does not restart the cooldown.</li>
 * </ul>
 * Windows only shrink as time passes, so {@link #check} must run regularly (each second) to see recoveries.
 */
public final class ErrorRateMonitor {

    /** Targets named in an alert; the others are counted. */
    public static final int MAX_LISTED = 20;
    /** Reasons named in an alert. */
    public static final int MAX_REASONS = 5;

    private final List<AlertStrategy> strategies;
    private final long[] windows;
    private final long cooldown;
    private final Clock clock;
    private final int maxKept;

    /** Every error of the longest window from {@link #head} on, oldest first. */
    private final List<SyncError> errors = new ArrayList<>();
    private int head;
    /** Per strategy: index of its oldest error still in its window. */
    private final int[] starts;
    private long lastAt = Long.MIN_VALUE;

    private boolean high;
    private boolean told;
    private long since;
    private int episodeErrors;
    private long lastSentAt;
    private boolean sentOnce;
    private int suppressed;

    /**
     * @param strategies the rules, sorted by window (as {@code alerts.strategies} gives them); none means it never fires
     * @param cooldown least time between two sent fired or still-firing alerts
     */
    public ErrorRateMonitor(List<AlertStrategy> strategies, Duration cooldown, Clock clock) {
        this(strategies, cooldown, clock, AlertStrategy.MAX_THRESHOLD);
    }

    ErrorRateMonitor(List<AlertStrategy> strategies, Duration cooldown, Clock clock, int maxKept) {
        this.strategies = strategies.stream().sorted(Comparator.comparing(AlertStrategy::window)).toList();
        this.windows = this.strategies.stream().mapToLong(s -> s.window().toMillis()).toArray();
        this.cooldown = cooldown.toMillis();
        this.clock = clock;
        this.maxKept = maxKept;
        this.starts = new int[windows.length];
    }

    /** Counts one error and says whether an alert is due now. */
    public Optional<AlertDecision> record(SyncError error) {
        long at = Math.max(lastAt, error.atMillis());
        lastAt = at;
        errors.add(at == error.atMillis() ? error : new SyncError(at, error.targetId(), error.reason(), error.detail()));
        if (high) {
            episodeErrors++;
        }
        return check();
    }

    /** Says whether an alert is due now: a fire, a reminder or a recovery. */
    public Optional<AlertDecision> check() {
        long now = Math.max(lastAt, clock.millis());
        advance(now);
        int reached = firstReached();
        if (!high) {
            return reached < 0 ? Optional.empty() : Optional.of(begin(now, reached));
        }
        if (reached < 0) {
            return Optional.of(end(now));
        }
        if (now - lastSentAt < cooldown) {
            return Optional.empty();
        }
        Kind kind = told ? Kind.STILL_FIRING : Kind.FIRED;
        String why = "alerts.cooldown " + Durations.format(Duration.ofMillis(cooldown)) + " has passed since the last"
                + " alert" + (told ? "" : " (this episode's start was suppressed)");
        told = true;
        return Optional.of(sent(now, alert(kind, now, reached), why));
    }

    /** True while at least one strategy is reached. */
    public boolean high() {
        return high;
    }

    /** Errors within each strategy's window now, in strategy order (shortest window first). */
    public List<StrategyCount> counts() {
        advance(Math.max(lastAt, clock.millis()));
        return strategyCounts();
    }

    private AlertDecision begin(long now, int reached) {
        high = true;
        since = now;
        episodeErrors = count(windows.length - 1);
        if (sentOnce && now - lastSentAt < cooldown) {
            told = false;
            suppressed++;
            return new AlertDecision(false, alert(Kind.FIRED, now, reached), "the last alert went out "
                    + Elapsed.text(now - lastSentAt) + " ago, within alerts.cooldown "
                    + Durations.format(Duration.ofMillis(cooldown)) + "; a reminder follows if the rate is still"
                    + " high in " + Elapsed.text(lastSentAt + cooldown - now));
        }
        told = true;
        return sent(now, alert(Kind.FIRED, now, reached), "the rate became high");
    }

    private AlertDecision end(long now) {
        high = false;
        Alert alert = alert(Kind.RECOVERED, now, -1);
        if (!told) {
            return new AlertDecision(false, alert, "its alert was suppressed, so is its recovery");
        }
        return new AlertDecision(true, alert, "every strategy is below its threshold");
    }

    private AlertDecision sent(long now, Alert alert, String why) {
        lastSentAt = now;
        sentOnce = true;
        suppressed = 0;
        String reached = alert.strategies().stream().filter(StrategyCount::reached)
                .map(c -> c.count() + " >= " + c.strategy().threshold() + " within " + Durations.format(c.strategy().window()))
                .collect(Collectors.joining(", ", "; reached: ", ""));
        return new AlertDecision(true, alert, why + reached);
    }

    /** Drops errors that left the longest window (or the cap) and moves each window's start. */
    private void advance(long now) {
        for (int i = 0; i < windows.length; i++) {
            while (starts[i] < errors.size() && now - errors.get(starts[i]).atMillis() >= windows[i]) {
                starts[i]++;
            }
        }
        int keepFrom = windows.length == 0 ? errors.size() : starts[windows.length - 1];
        head = Math.max(keepFrom, errors.size() - maxKept);
        for (int i = 0; i < windows.length; i++) {
            starts[i] = Math.max(starts[i], head);
        }
        if (head > 1024 && head > errors.size() / 2) {
            errors.subList(0, head).clear();
            for (int i = 0; i < windows.length; i++) {
                starts[i] -= head;
            }
            head = 0;
        }
    }

    private int count(int strategy) {
        return strategy < 0 ? 0 : errors.size() - starts[strategy];
    }

    /** The shortest-window strategy reached, or -1. */
    private int firstReached() {
        for (int i = 0; i < windows.length; i++) {
            if (count(i) >= strategies.get(i).threshold()) {
                return i;
            }
        }
        return -1;
    }

    private List<StrategyCount> strategyCounts() {
        List<StrategyCount> out = new ArrayList<>();
        for (int i = 0; i < windows.length; i++) {
            out.add(new StrategyCount(strategies.get(i), count(i)));
        }
        return out;
    }

    /** @param headline the strategy the summary names, or -1 for a recovery */
    private Alert alert(Kind kind, long now, int headline) {
        List<StrategyCount> counts = strategyCounts();
        int widest = windows.length - 1;
        if (headline >= 0) {
            while (!counts.get(widest).reached()) {
                widest--;
            }
        }
        Map<String, Integer> byTarget = new HashMap<>();
        Map<String, ReasonCount> byReason = new LinkedHashMap<>();
        for (int i = widest < 0 ? errors.size() : starts[widest]; i < errors.size(); i++) {
            SyncError e = errors.get(i);
            byTarget.merge(e.targetId(), 1, Integer::sum);
            ReasonCount r = byReason.get(e.reason());
            byReason.put(e.reason(), new ReasonCount(e.reason(), r == null ? 1 : r.count() + 1,
                    e.detail().isEmpty() && r != null ? r.example() : e.detail()));
        }
        List<TargetCount> targets = byTarget.entrySet().stream().map(t -> new TargetCount(t.getKey(), t.getValue()))
                .sorted(Comparator.comparingInt(TargetCount::count).reversed().thenComparing(TargetCount::targetId))
                .toList();
        List<ReasonCount> reasons = byReason.values().stream()
                .sorted(Comparator.comparingInt(ReasonCount::count).reversed().thenComparing(ReasonCount::reason))
                .limit(MAX_REASONS).toList();
        List<TargetCount> listed = targets.subList(0, Math.min(MAX_LISTED, targets.size()));
        int errorsNow = count(windows.length - 1);
        String summary = summary(kind, now, headline < 0 ? null : counts.get(headline), errorsNow, targets, reasons);
        return new Alert(kind, now, since, counts, errorsNow, episodeErrors, listed, targets.size() - listed.size(),
                reasons, suppressed, summary);
    }

    private String summary(Kind kind, long now, StrategyCount headline, int errorsNow, List<TargetCount> targets,
                           List<ReasonCount> reasons) {
        if (kind == Kind.RECOVERED) {
            AlertStrategy longest = strategies.get(strategies.size() - 1);
            return "recovered after " + Elapsed.text(now - since) + ": " + errorsNow + " sync errors within "
                    + Durations.format(longest.window()) + ", below every threshold; " + episodeErrors
                    + " errors since it fired";
        }
        String lead = kind == Kind.STILL_FIRING ? "still firing after " + Elapsed.text(now - since) + ": " : "";
        String names = targets.stream().limit(5).map(t -> t.targetId() + " " + t.count())
                .collect(Collectors.joining(", "));
        String more = targets.size() > 5 ? " and " + (targets.size() - 5) + " more" : "";
        String top = reasons.isEmpty() ? "" : "; top reason: " + reasons.get(0).reason() + " (" + reasons.get(0).count()
                + ")";
        return lead + headline.count() + " sync errors within " + Durations.format(headline.strategy().window())
                + " (alert at " + headline.strategy().threshold() + ") on " + targets.size()
                + (targets.size() == 1 ? " target (" : " targets (") + names + more + ")" + top;
    }
}
