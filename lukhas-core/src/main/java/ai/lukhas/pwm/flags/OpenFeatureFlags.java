package ai.lukhas.pwm.flags;

import dev.openfeature.sdk.Client;
import java.util.Objects;

/**
 * {@link Flags} read through any OpenFeature {@link Client}, so an application can swap our provider
 * for flagd, Unleash or another. The client's own error handling applies: any error yields the
 * caller's default.
 *
 * <pre>{@code
 * OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
 * api.setProviderAndWait(flagService.openFeatureProvider());
 * Flags flags = OpenFeatureFlags.over(api.getClient());
 * }</pre>
 */
public final class OpenFeatureFlags implements Flags {
    private final Client client;

    private OpenFeatureFlags(Client client) {
        this.client = client;
    }

    public static Flags over(Client client) {
        return new OpenFeatureFlags(Objects.requireNonNull(client, "client"));
    }

    @Override
    public boolean isEnabled(String name, boolean defaultValue) {
        Boolean value = client.getBooleanValue(name, defaultValue);
        return value == null ? defaultValue : value;
    }

    @Override
    public String stringValue(String name, String defaultValue) {
        String value = client.getStringValue(name, defaultValue);
        return value == null ? defaultValue : value;
    }
}
