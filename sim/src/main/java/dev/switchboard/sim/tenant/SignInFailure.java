package dev.switchboard.sim.tenant;

import java.util.Set;

/**
 * Sign-in failures the token endpoint can be told to return for an account or an app, with the
 * wire shape Entra uses (graph.md §6.4 and §8.2): HTTP status, OAuth {@code error}, optional
 * {@code suberror}, and the AADSTS code that starts {@code error_description}.
 */
public enum SignInFailure {
    /** AADSTS50126, {@code invalid_grant}: MSAL4J raises MsalInteractionRequiredException (reason NONE). */
    WRONG_PASSWORD(
            400,
            "invalid_grant",
            null,
            50126,
            "Error validating credentials due to invalid username or password.",
            Set.of(Grant.PASSWORD)),
    /** AADSTS50053, {@code unauthorized_client}: MsalServiceException. */
    ACCOUNT_LOCKED(
            400,
            "unauthorized_client",
            null,
            50053,
            "Your account is locked because you've tried to sign in too many times with an incorrect user ID or"
                    + " password.",
            Set.of(Grant.PASSWORD, Grant.REFRESH_TOKEN)),
    /** AADSTS50055, {@code user_password_expired} with {@code password_change_url}: MsalServiceException. */
    PASSWORD_EXPIRED(
            400,
            "user_password_expired",
            "user_password_expired",
            50055,
            "The password is expired.",
            Set.of(Grant.PASSWORD)),
    /** AADSTS50076, {@code invalid_grant} + {@code basic_action}: MsalInteractionRequiredException (BASIC_ACTION). */
    MFA_REQUIRED(
            400,
            "invalid_grant",
            "basic_action",
            50076,
            "Due to a configuration change made by your administrator, or because you moved to a new location, you"
                    + " must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.",
            Set.of(Grant.PASSWORD, Grant.REFRESH_TOKEN)),
    /** AADSTS53003, {@code invalid_grant} + {@code message_only} + {@code claims}: MsalInteractionRequiredException. */
    CONDITIONAL_ACCESS_BLOCKED(
            400,
            "invalid_grant",
            "message_only",
            53003,
            "Access has been blocked by Conditional Access policies. The access policy does not allow token"
                    + " issuance.",
            Set.of(Grant.PASSWORD, Grant.REFRESH_TOKEN)),
    /**
     * AADSTS65001, {@code invalid_grant} + {@code consent_required}: MsalInteractionRequiredException
     * (CONSENT_REQUIRED). For an app (client credentials) the token is issued without roles, as Entra
     * does when admin consent is missing, so Graph answers 403.
     */
    CONSENT_MISSING(
            400,
            "invalid_grant",
            "consent_required",
            65001,
            "The user or administrator has not consented to use the application with ID '%s'. Send an interactive"
                    + " authorization request for this user and resource.",
            Set.of(Grant.PASSWORD, Grant.REFRESH_TOKEN)),
    /** AADSTS50034, {@code invalid_grant}: MsalInteractionRequiredException (NONE). */
    USER_NOT_FOUND(
            400,
            "invalid_grant",
            null,
            50034,
            "The user account %s does not exist in the %s directory. To sign into this application, the account must"
                    + " be added to the directory.",
            Set.of(Grant.PASSWORD, Grant.REFRESH_TOKEN)),
    /** AADSTS50173 on the refresh-token grant only, {@code invalid_grant}: MsalInteractionRequiredException. */
    REFRESH_REVOKED(
            400,
            "invalid_grant",
            null,
            50173,
            "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might"
                    + " have changed or reset their password.",
            Set.of(Grant.REFRESH_TOKEN)),
    /**
     * HTTP 429 with {@code Retry-After} (AADSTS90055): MsalServiceException, then MSAL4J's own
     * throttling cache answers MsalThrottlingException for the same app, authority and scopes.
     */
    STS_THROTTLED(
            429,
            "temporarily_unavailable",
            null,
            90055,
            "TenantThrottlingError - There are too many incoming requests. This exception is thrown for blocked"
                    + " tenants.",
            Set.of(Grant.PASSWORD, Grant.REFRESH_TOKEN, Grant.CLIENT_CREDENTIALS)),
    /** HTTP 503 without {@code Retry-After} (AADSTS90033): MSAL4J retries once, then MsalServiceException. */
    STS_UNAVAILABLE(
            503,
            "temporarily_unavailable",
            null,
            90033,
            "A transient error has occurred. Please try again.",
            Set.of(Grant.PASSWORD, Grant.REFRESH_TOKEN, Grant.CLIENT_CREDENTIALS)),
    /** AADSTS700027, {@code invalid_client} (HTTP 401): the client assertion is rejected. */
    INVALID_CLIENT_ASSERTION(
            401,
            "invalid_client",
            null,
            700027,
            "Client assertion failed signature validation.",
            Set.of(Grant.CLIENT_CREDENTIALS)),
    /** AADSTS700016, {@code unauthorized_client}: the app is not found in the tenant. */
    APP_NOT_FOUND(
            400,
            "unauthorized_client",
            null,
            700016,
            "Application with identifier '%s' was not found in the directory '%s'. This can happen if the application"
                    + " has not been installed by the administrator of the tenant or consented to by any user in the"
                    + " tenant. You may have sent your authentication request to the wrong tenant.",
            Set.of(Grant.PASSWORD, Grant.REFRESH_TOKEN, Grant.CLIENT_CREDENTIALS));

    /** The token endpoint's grant types. */
    public enum Grant {
        PASSWORD,
        REFRESH_TOKEN,
        CLIENT_CREDENTIALS
    }

    private final int httpStatus;
    private final String error;
    private final String suberror;
    private final int aadstsCode;
    private final String description;
    private final Set<Grant> grants;

    SignInFailure(
            int httpStatus, String error, String suberror, int aadstsCode, String description, Set<Grant> grants) {
        this.httpStatus = httpStatus;
        this.error = error;
        this.suberror = suberror;
        this.aadstsCode = aadstsCode;
        this.description = description;
        this.grants = grants;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The OAuth {@code error} value, which MSAL4J exposes as {@code errorCode()}. */
    public String error() {
        return error;
    }

    /** The {@code suberror}, or null. */
    public String suberror() {
        return suberror;
    }

    public int aadstsCode() {
        return aadstsCode;
    }

    String description() {
        return description;
    }

    /** Whether an injected failure of this kind hits the given grant. */
    public boolean affects(Grant grant) {
        return grants.contains(grant);
    }
}
