package dev.switchboard.core.model;

/** An action with its optional target (a number, a user, another service, a mailbox). */
public record CallAction(ActionType type, String target) {
    public CallAction {
        Validation.requireNonNull(type, "action.type");
        if (type == ActionType.FORWARD && (target == null || target.isBlank())) {
            throw new InvalidConfigException("action.target", "is required for FORWARD");
        }
    }

    public static final CallAction QUEUE = new CallAction(ActionType.QUEUE, null);
    public static final CallAction DISCONNECT = new CallAction(ActionType.DISCONNECT, null);

    public static CallAction forward(String target) {
        return new CallAction(ActionType.FORWARD, target);
    }

    public static CallAction voicemail(String mailbox) {
        return new CallAction(ActionType.VOICEMAIL, mailbox);
    }
}
