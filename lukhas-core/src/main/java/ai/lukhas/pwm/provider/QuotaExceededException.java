package ai.lukhas.pwm.provider;

import java.util.OptionalInt;

/**
 * The account behind the key has no quota left (OpenAI answers HTTP 429 with error code {@code
 * insufficient_quota}): a billing problem, so unlike a rate limit it is not retried.
 *
 * <pre>{@code
 * catch (QuotaExceededException e) { alertOperator(e.getMessage()); }
 * }</pre>
 */
public final class QuotaExceededException extends NonRetriableProviderException {
    QuotaExceededException(String provider, String detail, int attempts) {
        super(provider, "quota exceeded", OptionalInt.of(429), detail, attempts, null);
    }
}
