package ai.lukhas.pwm.governance.tools;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every tool a deployment knows: the four {@link CanonicalTool}s (with or without an executor) plus
 * the application's own tools, executed by the gateway or only governed (client-side). Schemas are
 * compiled once, here; remote {@code $ref}s are never fetched.
 *
 * <pre>{@code
 * ToolRegistry registry = ToolRegistry.builder()
 *         .executor(CanonicalTool.RETRIEVAL, RetrievalTool.over(notes))
 *         .register(weatherDefinition, weatherExecutor)
 *         .clientSide(pickColourDefinition)
 *         .build();
 * }</pre>
 */
public final class ToolRegistry {
    private final List<RegisteredTool> tools;
    private final Map<String, RegisteredTool> byFunctionName;

    private ToolRegistry(List<RegisteredTool> tools) {
        this.tools = List.copyOf(tools);
        Map<String, RegisteredTool> names = new LinkedHashMap<>();
        for (RegisteredTool t : tools) {
            names.put(t.definition().name(), t);
        }
        this.byFunctionName = Collections.unmodifiableMap(names);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The allowlist names of all tools, canonical ones first, in registration order. */
    public List<String> allowlistNames() {
        return tools.stream().map(RegisteredTool::allowlistName).toList();
    }

    /** The definition of a tool, looked up by allowlist name or function name. */
    public Optional<ToolDefinition> definition(String allowlistOrFunctionName) {
        return tools.stream()
                .filter(t -> t.matches(allowlistOrFunctionName))
                .map(RegisteredTool::definition)
                .findFirst();
    }

    List<RegisteredTool> entries() {
        return tools;
    }

    Optional<RegisteredTool> byFunctionName(String name) {
        return Optional.ofNullable(byFunctionName.get(name));
    }

    /** Collects tools; {@link #build()} compiles every schema once. */
    // Remote $refs are never fetched: a tool schema cannot make the gateway reach the network.
    static SchemaRegistry schemaRegistry() {
        return SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, b -> b.schemaLoader(l -> l.fetchRemoteResources(false)));
    }

    public static final class Builder {
        private final Map<CanonicalTool, RegisteredTool.Handling> canonical = new LinkedHashMap<>();
        private final List<Pending> custom = new ArrayList<>();

        private record Pending(ToolDefinition definition, RegisteredTool.Handling handling) {}

        private Builder() {}

        /** Gives a canonical tool its executor, with that tool's {@link CanonicalTool#defaultLimits()}. */
        public Builder executor(CanonicalTool tool, ToolExecutor executor) {
            return executor(tool, executor, tool.defaultLimits());
        }

        public Builder executor(CanonicalTool tool, ToolExecutor executor, ExecutionLimits limits) {
            Objects.requireNonNull(tool, "tool");
            canonical.put(
                    tool,
                    new RegisteredTool.Handling.Executed(
                            Objects.requireNonNull(executor, "executor"), Objects.requireNonNull(limits, "limits")));
            return this;
        }

        /**
         * An application tool run by the gateway, with {@link ExecutionLimits#DEFAULT} (200 ms); its
         * allowlist name is its function name.
         */
        public Builder register(ToolDefinition definition, ToolExecutor executor) {
            return register(definition, executor, ExecutionLimits.DEFAULT);
        }

        public Builder register(ToolDefinition definition, ToolExecutor executor, ExecutionLimits limits) {
            custom.add(new Pending(
                    Objects.requireNonNull(definition, "definition"),
                    new RegisteredTool.Handling.Executed(
                            Objects.requireNonNull(executor, "executor"), Objects.requireNonNull(limits, "limits"))));
            return this;
        }

        /** An application tool the application runs itself; the gateway offers it and checks each call. */
        public Builder clientSide(ToolDefinition definition) {
            custom.add(new Pending(
                    Objects.requireNonNull(definition, "definition"), new RegisteredTool.Handling.ClientSide()));
            return this;
        }

        /**
         * Compiles the schemas.
         *
         * @throws IllegalArgumentException naming the tool when a schema is invalid or a name is taken twice
         */
        public ToolRegistry build() {
            SchemaRegistry schemas = schemaRegistry();
            List<RegisteredTool> tools = new ArrayList<>();
            for (CanonicalTool c : CanonicalTool.values()) {
                tools.add(new RegisteredTool(
                        c.allowlistName(),
                        c.definition(),
                        c.flag(),
                        canonical.getOrDefault(c, new RegisteredTool.Handling.NotConfigured()),
                        compile(schemas, c.definition())));
            }
            for (Pending entry : custom) {
                ToolDefinition d = entry.definition();
                for (RegisteredTool existing : tools) {
                    if (existing.matches(d.name())) {
                        throw new IllegalArgumentException("tool name '" + d.name() + "' is already taken by tool '"
                                + existing.definition().name() + "'");
                    }
                }
                tools.add(new RegisteredTool(d.name(), d, Optional.empty(), entry.handling(), compile(schemas, d)));
            }
            return new ToolRegistry(tools);
        }

        static Schema compile(SchemaRegistry schemas, ToolDefinition d) {
            try {
                Schema schema = schemas.getSchema(d.parameters());
                schema.initializeValidators();
                return schema;
            } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
                throw new IllegalArgumentException(
                        "parameters of tool '" + d.name() + "' are not a valid JSON Schema: " + e.getMessage(), e);
            }
        }
    }
}
