package io.syncfleet.keeper.notify;

/** Somewhere alerts go: {@code alerts.command}, {@code alerts.webhook}, {@code alerts.email}. */
public interface AlertChannel {

    /** {@code command}, {@code webhook}, {@code email}: for log lines. */
    String name();

    /**
     * Delivers one alert within the channel's timeout.
     *
     * @return what the other side said, for the log: {@code exit 0}, {@code HTTP 204}
     * @throws DeliveryException with a one-line reason when it was not delivered
     * @throws InterruptedException when the keeper is stopping
     */
    String send(AlertMessage message) throws DeliveryException, InterruptedException;
}
