package dev.switchboard.presence.graph;

/**
 * The state of one presence source or presence account, each with the fix an administrator can
 * act on. The fix is a default; {@link SourceHealth#fix()} may be more precise for a given AADSTS
 * code.
 */
public enum HealthStatus {
    OK("nothing to do"),
    /** Not tried yet (start-up, or the source was just added). */
    PENDING("wait for the first sign-in and read"),
    WRONG_PASSWORD("set the account's current password in the secret the configuration points to (the service picks it"
            + " up at the next retry); check the username exists in the tenant"),
    ACCOUNT_LOCKED("unlock or re-enable the account in Entra ID (Users > the account > Edit > account enabled),"
            + " then check that nobody else signs in with it using a wrong password"),
    PASSWORD_EXPIRED("set a new password for the account, exclude it from password expiry"
            + " (Update-MgUser -PasswordPolicies DisablePasswordExpiration), and update the secret"),
    MFA_REQUIRED("exclude this account from the MFA policy (or security defaults) and allow sign-in only from"
            + " trusted locations (the service's egress IP addresses) with a Conditional Access policy"),
    BLOCKED_BY_CONDITIONAL_ACCESS(
            "allow this account's sign-in from the service's egress IP addresses: add them as a trusted named"
                    + " location and exclude the account from the blocking Conditional Access policy"),
    CONSENT_MISSING("grant admin consent for the app's delegated permissions Presence.Read.All, User.Read and"
            + " User.ReadBasic.All (Enterprise applications > the app > Permissions > Grant admin consent)"),
    PERMISSION_MISSING("grant the Presence.Read.All permission again and admin-consent it; check the account is still a"
            + " member or guest of the tenant"),
    THROTTLED("nothing to do if it passes; if it persists, reduce other applications' presence reads in the tenant"),
    UNREACHABLE("check the network path from the service to Microsoft Entra ID and Microsoft Graph (proxy, firewall,"
            + " DNS, trusted certificates) and the configured URLs");

    private final String defaultFix;

    HealthStatus(String defaultFix) {
        this.defaultFix = defaultFix;
    }

    public String defaultFix() {
        return defaultFix;
    }

    /** A failure caused by the account's credentials or policy: retrying soon cannot help. */
    public boolean needsAdmin() {
        return switch (this) {
            case WRONG_PASSWORD,
                    ACCOUNT_LOCKED,
                    PASSWORD_EXPIRED,
                    MFA_REQUIRED,
                    BLOCKED_BY_CONDITIONAL_ACCESS,
                    CONSENT_MISSING,
                    PERMISSION_MISSING -> true;
            case OK, PENDING, THROTTLED, UNREACHABLE -> false;
        };
    }
}
