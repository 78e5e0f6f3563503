package org.fatecg.fl;

/** A federation cannot go on: a client returned a NaN/Inf update, or its training loss diverged. */
public final class FederationException extends RuntimeException {
    public FederationException(String message) {
        super(message);
    }
}
