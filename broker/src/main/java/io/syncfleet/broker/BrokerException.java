package io.syncfleet.broker;

/**
 * The embedded broker could not start, stop or become ready. The message says what to do about it
 * (which process holds the data dir, which config key sets the port).
 */
public class BrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokerException(String message) {
        super(message);
    }

    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
