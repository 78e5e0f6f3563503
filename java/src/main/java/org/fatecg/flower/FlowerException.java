package org.fatecg.flower;

/** The SuperNode cannot go on (TLS failed, the key is refused, the SuperLink broke the protocol); the message says why. */
public final class FlowerException extends RuntimeException {
    public FlowerException(String message) {
        super(message);
    }
}
