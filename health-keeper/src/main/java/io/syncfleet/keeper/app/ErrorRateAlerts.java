package io.syncfleet.keeper.app;

import io.syncfleet.common.config.AlertsConfig;
import io.syncfleet.common.config.Durations;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.keeper.domain.alert.Alert;
import io.syncfleet.keeper.domain.alert.AlertDecision;
import io.syncfleet.keeper.domain.alert.ErrorRateMonitor;
import io.syncfleet.keeper.domain.alert.SyncError;
import io.syncfleet.keeper.notify.AlertChannel;
import io.syncfleet.keeper.notify.AlertChannels;
import io.syncfleet.keeper.notify.AlertMessage;
import io.syncfleet.keeper.notify.AlertSender;
import io.syncfleet.keeper.process.CommandRunner;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keeper's error-rate alerts ({@code alerts.*}): every report from the {@code reports} topic goes through
 * {@link SyncError#of} into the {@link ErrorRateMonitor}, and {@link #check} runs every second so that falling
 * rates are seen. What the monitor decides is logged (fired and still-firing at WARN, recovered and
 * suppressed at INFO, each with its reason) and, when it is to be sent, handed to the {@link AlertSender}.
 *
 * <p>Called from the reports thread and the scheduler: the monitor and the hand-over to the sender are guarded
 * by this object's lock, so alerts reach each channel in the order they were decided; sending only queues.
 */
final class ErrorRateAlerts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorRateAlerts.class);

    private final String fleet;
    private final ErrorRateMonitor monitor;
    private final AlertSender sender;
    private final Clock clock;

    ErrorRateAlerts(String fleet, ErrorRateMonitor monitor, AlertSender sender, Clock clock) {
        this.fleet = fleet;
        this.monitor = monitor;
        this.sender = sender;
        this.clock = clock;
    }

    /**
     * The alerts of a config, or empty when {@code alerts.strategies} is empty.
     *
     * @throws IllegalArgumentException naming the key when a channel cannot be set up (a header the HTTP client
     *     owns, an address that does not parse)
     */
    static Optional<ErrorRateAlerts> of(AlertsConfig config, String fleet, CommandRunner commands, Clock clock) {
        if (!config.enabled()) {
            LOG.info("error-rate alerts off: alerts.strategies is empty");
            return Optional.empty();
        }
        List<AlertChannel> channels = AlertChannels.of(config, commands);
        AlertSender sender = new AlertSender(channels);
        LOG.info("error-rate alerts: {}; cooldown {}; channels: {}", config.strategies().stream().map(Object::toString)
                .collect(Collectors.joining(", ")), Durations.format(config.cooldown()),
                channels.isEmpty() ? "none (alerts are only logged)" : String.join(", ", sender.channels()));
        return Optional.of(new ErrorRateAlerts(fleet, new ErrorRateMonitor(config.strategies(), config.cooldown(), clock),
                sender, clock));
    }

    /** Counts the report if it is an error; a parked dustbin entry is also alerted on at once. */
    void onReport(SyncReport report) {
        if (report.parksDustbinEntry()) {
            Alert parked = Alert.parked(report.targetId(), report.fileCount(), report.message(), clock.millis());
            LOG.warn("alert [{}]: {}", parked.kind().word(), parked.summary());
            synchronized (this) {
                sender.send(AlertMessage.of(fleet, parked));
            }
        }
        Optional<SyncError> error = SyncError.of(report, clock.millis());
        if (error.isEmpty()) {
            return;
        }
        synchronized (this) {
            monitor.record(error.get()).ifPresent(this::act);
        }
    }

    /** Sees a rate that fell (or a reminder that is due); run every second. */
    synchronized void check() {
        monitor.check().ifPresent(this::act);
    }

    private void act(AlertDecision d) {
        Alert a = d.alert();
        if (!d.send()) {
            LOG.info("alert [{}] suppressed: {} ({})", a.kind().word(), a.summary(), d.why());
            return;
        }
        if (a.kind() == Alert.Kind.RECOVERED) {
            LOG.info("alert [{}]: {} ({})", a.kind().word(), a.summary(), d.why());
        } else {
            LOG.warn("alert [{}]: {} ({})", a.kind().word(), a.summary(), d.why());
        }
        sender.send(AlertMessage.of(fleet, a));
    }

    /** Lets queued alerts go out for a few seconds. */
    @Override
    public void close() {
        sender.close();
    }
}
