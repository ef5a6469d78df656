package io.syncfleet.keeper.notify;

/** An alert a channel could not deliver; the message is the one-line reason. */
public final class DeliveryException extends Exception {

    public DeliveryException(String reason) {
        super(reason);
    }

    public DeliveryException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
