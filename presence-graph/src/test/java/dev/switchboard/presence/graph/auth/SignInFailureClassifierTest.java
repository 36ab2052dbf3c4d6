package dev.switchboard.presence.graph.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.aad.msal4j.MsalClientException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.MsalThrottlingException;
import dev.switchboard.presence.graph.Failure;
import dev.switchboard.presence.graph.HealthStatus;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignInFailureClassifierTest {

    @ParameterizedTest
    @CsvSource({
        "50126, invalid_grant, WRONG_PASSWORD",
        "50034, invalid_grant, WRONG_PASSWORD",
        "50053, unauthorized_client, ACCOUNT_LOCKED",
        "50055, user_password_expired, PASSWORD_EXPIRED",
        "50076, invalid_grant, MFA_REQUIRED",
        "50076, interaction_required, MFA_REQUIRED",
        "50079, invalid_grant, MFA_REQUIRED",
        "53003, invalid_grant, BLOCKED_BY_CONDITIONAL_ACCESS",
        "65001, invalid_grant, CONSENT_MISSING",
        "7000218, invalid_client, CONSENT_MISSING",
        "50196, invalid_grant, THROTTLED",
        "90002, invalid_request, UNREACHABLE"
    })
    void theAadstsNumberDecidesNotTheExceptionClass(String code, String error, HealthStatus expected) {
        MsalServiceException e = new MsalServiceException(
                "AADSTS" + code + ": something went wrong.\r\nTrace ID: 1\r\nCorrelation ID: 2", error);
        Failure f = SignInFailureClassifier.classify(new ExecutionException(e));
        assertThat(f.status()).isEqualTo(expected);
        assertThat(f.aadstsCode()).isEqualTo(code);
        assertThat(f.detail()).doesNotContain("Trace ID").startsWith("AADSTS" + code);
        assertThat(f.fix()).isNotBlank();
    }

    @Test
    void unknownNumbersFallBackToTheOAuthError() {
        Failure f = SignInFailureClassifier.classify(new MsalServiceException("AADSTS99999999: new", "invalid_grant"));
        assertThat(f.status()).isEqualTo(HealthStatus.WRONG_PASSWORD);
        assertThat(f.aadstsCode()).isEqualTo("99999999");
    }

    @Test
    void throttlingAndClientProblems() {
        assertThat(SignInFailureClassifier.classify(new MsalThrottlingException(5000))
                        .status())
                .isEqualTo(HealthStatus.THROTTLED);
        assertThat(SignInFailureClassifier.classify(new MsalClientException("connect timed out", "unknown"))
                        .status())
                .isEqualTo(HealthStatus.UNREACHABLE);
        assertThat(SignInFailureClassifier.classify(new java.net.ConnectException("refused"))
                        .status())
                .isEqualTo(HealthStatus.UNREACHABLE);
    }
}
