package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.NODES;
import static ai.lukhas.pwm.server.api.RouteSupport.json;

import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Routes;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * {@code GET /v1/models} in the OpenAI list format: the one model the gateway answers as (the
 * configured upstream model, or {@code lukhas-offline} with the offline provider, as every answer
 * says), owned by the provider's name.
 *
 * <pre>{@code new ModelsRoutes(support, provider.model(config.upstream().model()), pipeline.providerName(), clock)}</pre>
 */
public record ModelsRoutes(RouteSupport support, String model, String ownedBy, Clock clock) implements Routes {

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/models", this::models);
    }

    private void models(Context ctx) {
        support.auth(ctx, Role.CLIENT);
        ObjectNode list = NODES.objectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        data.addObject()
                .put("id", model)
                .put("object", "model")
                .put("created", clock.instant().getEpochSecond())
                .put("owned_by", ownedBy);
        json(ctx, 200, list);
    }
}
