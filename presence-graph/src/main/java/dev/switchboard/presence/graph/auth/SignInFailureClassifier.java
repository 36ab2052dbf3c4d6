package dev.switchboard.presence.graph.auth;

import com.microsoft.aad.msal4j.InteractionRequiredExceptionReason;
import com.microsoft.aad.msal4j.MsalClientException;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalInteractionRequiredException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.MsalThrottlingException;
import dev.switchboard.presence.graph.Failure;
import dev.switchboard.presence.graph.HealthStatus;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an MSAL4J failure into a {@link Failure}. The AADSTS number in the message decides
 * first: MSAL4J reports a wrong password as an "interaction required" exception and a locked
 * account as a plain service exception, so the exception class alone says little. The OAuth
 * {@code error} and the interaction reason are the fallback when no number is known.
 */
public final class SignInFailureClassifier {

    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");

    private record Rule(HealthStatus status, String fix) {}

    private static final Map<String, Rule> BY_CODE = Map.ofEntries(
            Map.entry("50126", rule(HealthStatus.WRONG_PASSWORD, null)),
            Map.entry(
                    "50034",
                    rule(
                            HealthStatus.WRONG_PASSWORD,
                            "the username does not exist in the tenant: check the configured username and that"
                                    + " the guest invitation was accepted")),
            Map.entry("50056", rule(HealthStatus.WRONG_PASSWORD, "set a password for the account in Entra ID")),
            Map.entry(
                    "50173",
                    rule(
                            HealthStatus.WRONG_PASSWORD,
                            "the password was changed: put the new password into the configured secret")),
            Map.entry("50053", rule(HealthStatus.ACCOUNT_LOCKED, null)),
            Map.entry(
                    "50057",
                    rule(
                            HealthStatus.ACCOUNT_LOCKED,
                            "the account is disabled: enable it in Entra ID (Users > the account > account"
                                    + " enabled)")),
            Map.entry("50055", rule(HealthStatus.PASSWORD_EXPIRED, null)),
            Map.entry("50144", rule(HealthStatus.PASSWORD_EXPIRED, null)),
            Map.entry("50076", rule(HealthStatus.MFA_REQUIRED, null)),
            Map.entry(
                    "50079",
                    rule(
                            HealthStatus.MFA_REQUIRED,
                            "the account is asked to register for MFA: exclude it from the MFA registration policy"
                                    + " and the MFA policy, and allow its sign-in only from trusted locations")),
            Map.entry("50072", rule(HealthStatus.MFA_REQUIRED, null)),
            Map.entry("50074", rule(HealthStatus.MFA_REQUIRED, null)),
            Map.entry("50158", rule(HealthStatus.MFA_REQUIRED, null)),
            Map.entry(
                    "530035",
                    rule(
                            HealthStatus.MFA_REQUIRED,
                            "security defaults block this sign-in: replace security defaults with Conditional"
                                    + " Access policies that exclude this account from MFA and allow it only from"
                                    + " trusted locations")),
            Map.entry("53003", rule(HealthStatus.BLOCKED_BY_CONDITIONAL_ACCESS, null)),
            Map.entry("53000", rule(HealthStatus.BLOCKED_BY_CONDITIONAL_ACCESS, null)),
            Map.entry("53001", rule(HealthStatus.BLOCKED_BY_CONDITIONAL_ACCESS, null)),
            Map.entry("65001", rule(HealthStatus.CONSENT_MISSING, null)),
            Map.entry("65004", rule(HealthStatus.CONSENT_MISSING, "the user declined consent: grant admin consent")),
            Map.entry(
                    "700016",
                    rule(
                            HealthStatus.CONSENT_MISSING,
                            "the application is not known in this tenant: check the client id and tenant id, and"
                                    + " admin-consent the application in the tenant")),
            Map.entry(
                    "7000218",
                    rule(
                            HealthStatus.CONSENT_MISSING,
                            "enable 'Allow public client flows' in the app registration (Authentication)")),
            Map.entry(
                    "700027",
                    rule(
                            HealthStatus.WRONG_PASSWORD,
                            "the certificate is not accepted: upload the configured certificate's public key to"
                                    + " the app registration (Certificates & secrets)")),
            Map.entry(
                    "7000215",
                    rule(HealthStatus.WRONG_PASSWORD, "the client credential is invalid: upload a valid certificate")),
            Map.entry(
                    "7000222",
                    rule(HealthStatus.WRONG_PASSWORD, "the client credential expired: upload a new certificate")),
            Map.entry(
                    "50196",
                    rule(
                            HealthStatus.THROTTLED,
                            "Entra ID detected a sign-in loop; the service backs off by itself — check nothing"
                                    + " else signs in with this account in a loop")),
            Map.entry("90055", rule(HealthStatus.THROTTLED, null)),
            Map.entry(
                    "90002",
                    rule(HealthStatus.UNREACHABLE, "the tenant was not found: check the configured tenant id")));

    private SignInFailureClassifier() {}

    private static Rule rule(HealthStatus status, String fix) {
        return new Rule(status, fix);
    }

    /** Classifies a failure thrown by an MSAL4J {@code acquireToken} call (also when wrapped). */
    public static Failure classify(Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (t instanceof MsalThrottlingException throttled) {
            return new Failure(
                    HealthStatus.THROTTLED,
                    null,
                    null,
                    "Entra ID asked to retry in " + Math.max(1, throttled.retryInMs() / 1000) + " s");
        }
        if (t instanceof MsalServiceException service) {
            String message = service.getMessage();
            String code = aadstsCode(message);
            String detail = firstLine(message);
            if (code != null) {
                Rule rule = BY_CODE.get(code);
                if (rule != null) {
                    return new Failure(rule.status(), code, rule.fix(), detail);
                }
            }
            Integer status = service.statusCode();
            if (status != null && (status == 429)) {
                return new Failure(HealthStatus.THROTTLED, code, null, detail);
            }
            if (status != null && status >= 500) {
                return new Failure(HealthStatus.UNREACHABLE, code, null, detail);
            }
            return new Failure(byError(service), code, null, detail);
        }
        if (t instanceof MsalClientException client) {
            return new Failure(HealthStatus.UNREACHABLE, null, null, firstLine(client.getMessage()));
        }
        if (t instanceof MsalException other) {
            return new Failure(
                    HealthStatus.UNREACHABLE, aadstsCode(other.getMessage()), null, firstLine(other.getMessage()));
        }
        if (t instanceof IOException io) {
            return new Failure(
                    HealthStatus.UNREACHABLE,
                    null,
                    null,
                    io.getClass().getSimpleName() + ": " + firstLine(io.getMessage()));
        }
        return new Failure(
                HealthStatus.UNREACHABLE, null, null, t.getClass().getSimpleName() + ": " + firstLine(t.getMessage()));
    }

    /** When the AADSTS number is new to this version: the OAuth error and the MSAL reason. */
    private static HealthStatus byError(MsalServiceException service) {
        if (service instanceof MsalInteractionRequiredException interaction) {
            InteractionRequiredExceptionReason reason = interaction.reason();
            if (reason != null) {
                switch (reason) {
                    case CONSENT_REQUIRED -> {
                        return HealthStatus.CONSENT_MISSING;
                    }
                    case BASIC_ACTION, ADDITIONAL_ACTION -> {
                        return HealthStatus.MFA_REQUIRED;
                    }
                    case MESSAGE_ONLY -> {
                        return HealthStatus.BLOCKED_BY_CONDITIONAL_ACCESS;
                    }
                    case USER_PASSWORD_EXPIRED -> {
                        return HealthStatus.PASSWORD_EXPIRED;
                    }
                    default -> {}
                }
            }
        }
        String error = service.errorCode() == null ? "" : service.errorCode().toLowerCase(Locale.ROOT);
        return switch (error) {
            case "invalid_grant" -> HealthStatus.WRONG_PASSWORD;
            case "interaction_required" -> HealthStatus.MFA_REQUIRED;
            case "user_password_expired" -> HealthStatus.PASSWORD_EXPIRED;
            case "consent_required" -> HealthStatus.CONSENT_MISSING;
            case "invalid_client", "unauthorized_client" -> HealthStatus.CONSENT_MISSING;
            case "temporarily_unavailable" -> HealthStatus.UNREACHABLE;
            default -> HealthStatus.UNREACHABLE;
        };
    }

    /** The AADSTS number in a message, or null. */
    public static String aadstsCode(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = AADSTS.matcher(message);
        return m.find() ? m.group(1) : null;
    }

    /** The first line of a server message, without trace and correlation ids, at most 300 characters. */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip();
        int cut = indexOfAny(line, "\r", "\n", " Trace ID:");
        if (cut >= 0) {
            line = line.substring(0, cut);
        }
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static int indexOfAny(String s, String... needles) {
        int best = -1;
        for (String n : needles) {
            int i = s.indexOf(n);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
