package ai.lukhas.pwm.flags;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import java.util.Optional;
import java.util.function.Function;

/**
 * OpenFeature provider over a {@link FlagService}. Never throws: an unknown flag yields the caller's
 * default with {@link ErrorCode#FLAG_NOT_FOUND}, a flag asked for as the wrong type yields it with
 * {@link ErrorCode#TYPE_MISMATCH}. The variant and the {@code source}/{@code origin} metadata say
 * where a value came from.
 */
final class LukhasFeatureProvider implements FeatureProvider {
    static final String NAME = "lukhas";

    private final FlagService service;

    LukhasFeatureProvider(FlagService service) {
        this.service = service;
    }

    @Override
    public Metadata getMetadata() {
        return () -> NAME;
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, FlagType.BOOLEAN, Boolean::valueOf);
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, FlagType.STRING, Function.identity());
    }

    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, null, v -> defaultValue);
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, null, v -> defaultValue);
    }

    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, null, v -> defaultValue);
    }

    /** {@code asked} is null for the OpenFeature types no LUKHAS flag has (integer, double, object). */
    private <T> ProviderEvaluation<T> evaluate(
            String key, T defaultValue, FlagType asked, Function<String, T> convert) {
        try {
            Optional<ResolvedFlag> resolved = service.resolve(key);
            if (resolved.isEmpty()) {
                return error(defaultValue, ErrorCode.FLAG_NOT_FOUND, "unknown flag '" + key + "'");
            }
            ResolvedFlag flag = resolved.get();
            if (flag.definition().type() != asked) {
                return error(
                        defaultValue,
                        ErrorCode.TYPE_MISMATCH,
                        "flag " + key + " is " + flag.definition().type().wireName()
                                + (asked == null ? ", not of the requested type" : ", not " + asked.wireName()));
            }
            ImmutableMetadata metadata = ImmutableMetadata.builder()
                    .addString("source", flag.source().wireName())
                    .addString("origin", flag.origin())
                    .build();
            String reason = flag.source() == FlagSource.DEFAULT ? Reason.DEFAULT.name() : Reason.STATIC.name();
            return new ProviderEvaluation<>(
                    convert.apply(flag.value()), flag.source().wireName(), reason, null, null, metadata);
        } catch (RuntimeException e) {
            // evaluation must never throw (OpenFeature spec); a bug here degrades to the caller's default
            return error(defaultValue, ErrorCode.GENERAL, e.toString());
        }
    }

    private static <T> ProviderEvaluation<T> error(T defaultValue, ErrorCode code, String message) {
        return new ProviderEvaluation<>(
                defaultValue,
                null,
                Reason.ERROR.name(),
                code,
                message,
                ImmutableMetadata.builder().build());
    }
}
