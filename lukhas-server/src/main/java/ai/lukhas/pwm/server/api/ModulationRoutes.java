package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.json;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.modulation.ModulationJson;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/modulation/preview}: what a set of signals would do to the parameters, computed
 * on a modulator of its own so that no session's state changes; {@code GET /v1/modulation/policy}
 * (admin): the policy those previews run.
 *
 * <pre>{@code new ModulationRoutes(support, policy, clock, flags)}</pre>
 */
public record ModulationRoutes(RouteSupport support, ModulationPolicy policy, Clock clock, Flags flags)
        implements Routes {
    /** The one session of the scratch modulator each preview builds. */
    private static final SessionKey PREVIEW = SessionKey.of("preview", "preview");

    @Override
    public void register(RoutesConfig r) {
        r.post("/v1/modulation/preview", this::preview);
        r.get("/v1/modulation/policy", this::policy);
    }

    /** {@code GET /v1/modulation/policy} (admin): the active policy, for the dashboard's playground. */
    private void policy(Context ctx) {
        support.auth(ctx, Role.ADMIN);
        RouteSupport.onlyQuery(ctx, Set.of());
        json(ctx, 200, ModulationJson.policy(policy));
    }

    private void preview(Context ctx) {
        support.auth(ctx, Role.CLIENT);
        Json.Reader r = new Json.Reader(Json.object(ctx)).only(Set.of("signals", "strict_default"));
        List<SignalInput> signals = SignalsReader.read(r, policy.signalNames(), true, false);
        boolean strictDefault = r.bool("strict_default").orElse(false);
        r.finish();
        Modulator scratch = Modulator.create(policy, clock, strictDefault ? strictDefault(flags) : flags);
        for (SignalInput s : signals) {
            scratch.record(PREVIEW, s);
        }
        json(ctx, 200, ModulationJson.result(scratch.modulate(PREVIEW)));
    }

    /** The flags with STRICT_DEFAULT forced on, for a preview that asks for it. */
    private static Flags strictDefault(Flags base) {
        return new Flags() {
            @Override
            public boolean isEnabled(String name, boolean defaultValue) {
                return name.equals(Modulator.STRICT_DEFAULT_FLAG) || base.isEnabled(name, defaultValue);
            }

            @Override
            public String stringValue(String name, String defaultValue) {
                return base.stringValue(name, defaultValue);
            }
        };
    }
}
