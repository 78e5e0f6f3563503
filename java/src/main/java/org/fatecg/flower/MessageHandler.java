package org.fatecg.flower;

/** What a SuperNode does with a message: its reply content, or a {@link Refusal} that becomes an error reply. */
@FunctionalInterface
public interface MessageHandler {
    /** @param messageType train, evaluate, query, or one of them with ".action" */
    Records handle(String messageType, Records content) throws Refusal;

    /** The node cannot do what the message asks; the reason goes back in an error reply. */
    final class Refusal extends Exception {
        /** Flower's ErrorCode for "the ClientApp raised an exception", what Flower's own SuperNode sends. */
        public static final int CLIENT_APP_RAISED = 2;

        public Refusal(String reason) {
            super(reason);
        }
    }
}
