package dev.switchboard.http.api;

import java.util.Locale;

/**
 * RFC 9457 problem details, with Switchboard's stable {@code code} and the offending {@code
 * field}.
 */
public record Problem(
        String type, String title, int status, String detail, String code, String field, String instance) {
    public static final String CONTENT_TYPE = "application/problem+json";

    public static Problem of(ApiException e, String instance) {
        return new Problem(
                "urn:switchboard:problem:" + e.code().toLowerCase(Locale.ROOT).replace('_', '-'),
                title(e.code()),
                e.status(),
                e.detail(),
                e.code(),
                e.field(),
                instance);
    }

    /** {@code INVALID_VALUE} → {@code Invalid value}. */
    static String title(String code) {
        String words = code.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
