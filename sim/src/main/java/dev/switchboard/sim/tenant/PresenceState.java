package dev.switchboard.sim.tenant;

/** One immutable version of a user's presence, with its Graph JSON rendered once. */
final class PresenceState {
    final String id;
    final String availability;
    final String activity;
    final boolean outOfOffice;
    final String sequenceNumber;
    /** The Graph presence object without {@code @odata.context}, ready to splice into responses. */
    final String graphJson;

    PresenceState(String id, String availability, String activity, boolean outOfOffice, long sequence) {
        this.id = id;
        this.availability = availability;
        this.activity = activity;
        this.outOfOffice = outOfOffice;
        // Fixed width so that string order equals version order, like Graph's "A0129311063".
        this.sequenceNumber = "A" + String.format("%016d", sequence);
        StringBuilder json = new StringBuilder(240);
        json.append("{\"id\":\"").append(id).append("\",\"availability\":");
        Json.quote(json, availability).append(",\"activity\":");
        Json.quote(json, activity)
                .append(",\"statusMessage\":null,\"outOfOfficeSettings\":{\"message\":null,\"isOutOfOffice\":")
                .append(outOfOffice)
                .append("},\"sequenceNumber\":\"")
                .append(sequenceNumber)
                .append("\"}");
        this.graphJson = json.toString();
    }

    PresenceSnapshot snapshot() {
        return new PresenceSnapshot(id, availability, activity, outOfOffice, sequenceNumber);
    }
}
