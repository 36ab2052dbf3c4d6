package dev.switchboard.http.api;

import java.util.Map;

/** A request that cannot be served, answered as problem details. Carries no secrets. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String field;
    private final transient Map<String, String> headers;

    public ApiException(int status, String code, String field, String detail) {
        this(status, code, field, detail, Map.of());
    }

    public ApiException(int status, String code, String field, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The offending request field as a path, or null. */
    public String field() {
        return field;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }

    // ---- the common ones ----

    static ApiException malformed(String detail) {
        return new ApiException(400, "MALFORMED_JSON", null, detail);
    }

    static ApiException wrongType(String field, String expected) {
        return new ApiException(400, "WRONG_TYPE", field, field + " must be " + expected);
    }

    static ApiException unknownField(String field) {
        return new ApiException(400, "UNKNOWN_FIELD", field, field + " is not a known field");
    }

    static ApiException invalidParameter(String name, String detail) {
        return new ApiException(400, "INVALID_PARAMETER", name, detail);
    }

    static ApiException missing(String field) {
        return new ApiException(422, "MISSING_FIELD", field, field + " is required");
    }

    static ApiException invalid(String field, String problem) {
        return new ApiException(422, "INVALID_VALUE", field, field + " " + problem);
    }

    static ApiException notFound(String code, String detail) {
        return new ApiException(404, code, null, detail);
    }

    static ApiException conflict(String code, String detail) {
        return new ApiException(409, code, null, detail);
    }
}
