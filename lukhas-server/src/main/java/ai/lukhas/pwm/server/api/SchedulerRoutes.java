package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.NODES;
import static ai.lukhas.pwm.server.api.RouteSupport.json;
import static ai.lukhas.pwm.server.api.RouteSupport.onlyQuery;
import static ai.lukhas.pwm.server.api.RouteSupport.query;

import ai.lukhas.pwm.governance.tools.exec.ScheduledTask;
import ai.lukhas.pwm.governance.tools.exec.SchedulerTool;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.Routes;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/scheduler/tasks}: the tasks the scheduler tool has recorded for one tenant (the admin
 * key's own, or the one named by {@code ?tenant=}), optionally by status.
 *
 * <pre>{@code new SchedulerRoutes(support, schedulerTool)}</pre>
 */
public record SchedulerRoutes(RouteSupport support, SchedulerTool scheduler) implements Routes {

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/scheduler/tasks", this::tasks);
    }

    private void tasks(Context ctx) {
        Principal p = support.auth(ctx, Role.ADMIN);
        onlyQuery(ctx, Set.of("status", RouteSupport.TENANT));
        TenantId tenant = RouteSupport.tenant(ctx, p);
        Optional<ScheduledTask.Status> status = query(ctx, "status")
                .map(v -> Arrays.stream(ScheduledTask.Status.values())
                        .filter(st -> st.wireName().equals(v))
                        .findFirst()
                        .orElseThrow(() -> Json.badRequest(
                                "status must be one of pending, done, cancelled, but was '" + Json.abbreviate(v) + "'",
                                List.of(new Problem.FieldError("status", "must be pending, done or cancelled")))));
        ArrayNode tasks = NODES.arrayNode();
        for (ScheduledTask t : scheduler.tasks(tenant, status)) {
            tasks.addObject()
                    .put("id", t.id())
                    .put("created", t.created().toString())
                    .put("when", t.when().toString())
                    .put("note", t.note())
                    .put("status", t.status().wireName());
        }
        json(ctx, 200, NODES.objectNode().set("tasks", tasks));
    }
}
