package io.syncfleet.keeper.domain.alert;

import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One error counted by the error-rate alerts.
 *
 * <p>Today every error is a worker's {@link SyncReport} whose outcome is not {@code OK} ({@link #of}). This is
 * the one place that decides what counts: parked dustbin entries (issue 5, the dustbin) belong here too, as a
 * second factory feeding {@link ErrorRateMonitor#record} the same way.
 *
 * @param atMillis when the keeper learned of it
 * @param targetId the target it concerns
 * @param reason what kind of error, grouped on in alerts: {@code target-down, rsync exit 10}
 * @param detail the worker's message, shortened; may be empty
 */
public record SyncError(long atMillis, String targetId, String reason, String detail) {

    static final int MAX_DETAIL = 300;

    public SyncError {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        detail = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail;
    }

    /** The error a report stands for, or empty for an {@code OK} report. */
    public static Optional<SyncError> of(SyncReport report, long nowMillis) {
        if (report.outcome() == SyncOutcome.OK) {
            return Optional.empty();
        }
        String outcome = report.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-');
        String reason = report.exitCode() < 0 ? outcome + ", rsync not run" : outcome + ", rsync exit " + report.exitCode();
        return Optional.of(new SyncError(nowMillis, report.targetId(), reason, report.message().strip()));
    }
}
