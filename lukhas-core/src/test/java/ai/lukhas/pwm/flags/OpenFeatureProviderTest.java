package ai.lukhas.pwm.flags;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.testing.MutableClock;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Flags read the way an application reads them: through an OpenFeature client. */
@SuppressWarnings("try") // scoped overrides are held for their effect, not referenced
class OpenFeatureProviderTest {
    private final Map<String, String> env = new HashMap<>(Map.of("LUKHAS_FLAG_BROWSER_TOOL", "on"));
    private final FlagService service =
            FlagService.create(FlagRegistry.standard(), Optional.empty(), () -> env, new MutableClock(Instant.EPOCH));
    private OpenFeatureAPI api;
    private Client client;

    @BeforeEach
    void isolatedApi() {
        api = OpenFeatureAPI.createIsolated();
        api.setProviderAndWait(service.openFeatureProvider());
        client = api.getClient();
    }

    @AfterEach
    void shutdown() {
        api.shutdown();
    }

    @Test
    void aKnownFlagEvaluatesWithItsSource() {
        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("BROWSER_TOOL", false);
        assertThat(details.getValue()).isTrue();
        assertThat(details.getErrorCode()).isNull();
        assertThat(details.getVariant()).isEqualTo("environment");
        assertThat(details.getReason()).isEqualTo(Reason.STATIC.name());
        assertThat(details.getFlagMetadata().getString("origin")).isEqualTo("LUKHAS_FLAG_BROWSER_TOOL");

        FlagEvaluationDetails<String> cutover = client.getStringDetails("DNA_CUTOVER_READ_FROM", "x");
        assertThat(cutover.getValue()).isEqualTo("legacy");
        assertThat(cutover.getReason()).isEqualTo(Reason.DEFAULT.name());
    }

    @Test
    void anUnknownFlagYieldsTheCallersDefaultWithFlagNotFound() {
        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("NO_SUCH_FLAG", true);
        assertThat(details.getValue()).isTrue();
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(details.getReason()).isEqualTo(Reason.ERROR.name());
        assertThat(details.getErrorMessage()).contains("NO_SUCH_FLAG");
    }

    @Test
    void aTypeMismatchYieldsTheCallersDefaultWithTypeMismatch() {
        assertThat(client.getStringDetails("BROWSER_TOOL", "d"))
                .extracting(FlagEvaluationDetails::getValue, FlagEvaluationDetails::getErrorCode)
                .containsExactly("d", ErrorCode.TYPE_MISMATCH);
        assertThat(client.getBooleanDetails("DNA_CUTOVER_READ_FROM", false).getErrorCode())
                .isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(client.getIntegerDetails("BROWSER_TOOL", 7))
                .extracting(FlagEvaluationDetails::getValue, FlagEvaluationDetails::getErrorCode)
                .containsExactly(7, ErrorCode.TYPE_MISMATCH);
        assertThat(client.getDoubleDetails("NOPE", 0.5).getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(client.getObjectDetails("BROWSER_TOOL", new Value("v")).getErrorCode())
                .isEqualTo(ErrorCode.TYPE_MISMATCH);
    }

    @Test
    void overridesAreVisibleThroughTheClient() {
        try (FlagOverride o = service.override("BROWSER_TOOL", false)) {
            assertThat(client.getBooleanValue("BROWSER_TOOL", true)).isFalse();
            assertThat(client.getBooleanDetails("BROWSER_TOOL", true).getVariant())
                    .isEqualTo("override");
        }
        assertThat(client.getBooleanValue("BROWSER_TOOL", false)).isTrue();
    }

    @Test
    void theFlagsAdapterReadsThroughAnyClient() {
        Flags flags = OpenFeatureFlags.over(client);
        assertThat(flags.isEnabled("BROWSER_TOOL", false)).isTrue();
        assertThat(flags.stringValue("DNA_CUTOVER_READ_FROM", "x")).isEqualTo("legacy");
        assertThat(flags.isEnabled("NOPE", true)).isTrue();

        // swap in another provider (what an application using flagd or Unleash does)
        OpenFeatureAPI other = OpenFeatureAPI.createIsolated();
        try {
            other.setProviderAndWait(new InMemoryProvider(Map.of(
                    "BROWSER_TOOL",
                    Flag.builder()
                            .variant("off", false)
                            .variant("on", true)
                            .defaultVariant("off")
                            .build())));
            Flags swapped = OpenFeatureFlags.over(other.getClient());
            assertThat(swapped.isEnabled("BROWSER_TOOL", true)).isFalse();
            assertThat(swapped.stringValue("DNA_CUTOVER_READ_FROM", "legacy")).isEqualTo("legacy");
        } finally {
            other.shutdown();
        }
    }

    @Test
    void theGlobalApiWorksWithANamedDomain() {
        String domain = "lukhas-flags-test";
        OpenFeatureAPI global = OpenFeatureAPI.getInstance();
        try {
            global.setProviderAndWait(domain, service.openFeatureProvider());
            assertThat(global.getClient(domain).getBooleanValue("BROWSER_TOOL", false))
                    .isTrue();
            assertThat(global.getProviderMetadata(domain).getName()).isEqualTo("lukhas");
        } finally {
            global.setProviderAndWait(domain, new NoOpProvider());
        }
    }
}
