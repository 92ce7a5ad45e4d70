package net.oneview.chatticket.query;

/** The store cannot answer now (start-up, rebalance, owner unreachable); asking again shortly will work. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(final String message) {
        super(message);
    }

    public StoreUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
