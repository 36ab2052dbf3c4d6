package dev.switchboard.http.api;

import dev.switchboard.core.routing.Rejection;
import java.util.Map;

/** The one place where the engine's rejections become HTTP answers. */
final class Problems {
    private Problems() {}

    /**
     * Maps a rejection. An unknown id is a 404 when it came from the path (the resource is not
     * there) and a 422 naming the field when it came from the body (the request refers to
     * something that is not there); state conflicts are 409.
     *
     * @param bodyFields for codes caused by a body field, that field's path
     */
    static ApiException of(Rejection rejection, Map<Rejection.Code, String> bodyFields) {
        Rejection.Code code = rejection.code();
        String field = bodyFields.get(code);
        String detail = rejection.message();
        return switch (code) {
            case UNKNOWN_SERVICE, UNKNOWN_AGENT, UNKNOWN_CALL, UNKNOWN_PROFILE ->
                field == null
                        ? new ApiException(404, code.name(), null, detail)
                        : new ApiException(422, code.name(), field, detail);
            case DUPLICATE_CALL,
                    NOT_RINGING_FOR_AGENT,
                    CALL_NOT_CONNECTED,
                    NOT_IN_AFTER_CALL_WORK,
                    NOT_A_MEMBER,
                    SERVICE_IN_USE,
                    AGENT_IN_USE -> new ApiException(409, code.name(), field, detail);
            case INVALID -> new ApiException(422, "INVALID_VALUE", field, detail);
        };
    }
}
