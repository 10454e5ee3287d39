package ai.lukhas.pwm.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand binding of lukhas.yaml to the configuration records (no Jackson data binding). */
class RecordBinderTest {
    @TempDir
    Path dir;

    private String refusal(String yaml) throws Exception {
        Path f = Files.writeString(dir.resolve("lukhas.yaml"), yaml);
        try {
            ConfigLoader.load(Optional.of(f), Map.of());
        } catch (ConfigException e) {
            return e.getMessage().replace(f.toString(), "lukhas.yaml");
        }
        throw new AssertionError("accepted: " + yaml);
    }

    /** The binder finds a key by the component's name in snake_case: the same as its @JsonProperty. */
    @Test
    void everyKeyIsTheComponentNameInSnakeCaseAsItsJsonPropertySays() {
        Deque<Class<?>> todo = new ArrayDeque<>(Set.of(LukhasConfig.class));
        Set<Class<?>> seen = new HashSet<>();
        int checked = 0;
        while (!todo.isEmpty()) {
            Class<?> type = todo.pop();
            if (!seen.add(type)) {
                continue;
            }
            for (RecordComponent c : type.getRecordComponents()) {
                // @JsonProperty does not target record components; Java puts it on the accessor
                JsonProperty name = c.getAccessor().getAnnotation(JsonProperty.class);
                assertThat(name).as(type.getSimpleName() + "." + c.getName()).isNotNull();
                assertThat(RecordBinder.key(c.getName()))
                        .as(type.getSimpleName() + "." + c.getName())
                        .isEqualTo(name.value());
                checked++;
                Type t = c.getGenericType();
                Type nested = t instanceof ParameterizedType p
                        ? p.getActualTypeArguments()[p.getActualTypeArguments().length - 1]
                        : t;
                if (nested instanceof Class<?> k && k.isRecord()) {
                    todo.push(k);
                }
            }
        }
        assertThat(checked).isGreaterThan(40);
    }

    /**
     * The hand-written constructor calls (RecordFactories) cover every configuration record and pass
     * each argument to its own component: every value in this file differs from the others of its type.
     */
    @Test
    void everyRecordIsBuiltDirectlyWithItsComponentsInOrder() throws Exception {
        Path f = Files.writeString(dir.resolve("distinct.yaml"), """
                server: {host: h.example, port: 1234, max_request_bytes: 4096, threads: platform, body_timeout_ms: 2100,
                        idle_timeout_ms: 2200}
                data_dir: /d
                audit: {dir: /a, durability: os, on_damage: record, checkpoint_every_records: 7,
                        checkpoint_every_seconds: 9, checkpoint_key_file: /k, witness_dir: /w,
                        witness_url: "http://w"}
                upstream: {url: "http://u", api_key: key, model: m, timeout_ms: 1500, api: responses}
                responses: {retention: 2d}
                policy: {path: /p}
                moderation: {path: /m}
                flags: {file: f.yaml}
                escalation: {hold_ms: 2000, user_scope: false, key_scope: true, key_incidents: 3, key_window_ms: 3000}
                auth: {failed_attempts: {requests_per_second: 0.5, burst: 4}, max_tracked_addresses: 77}
                tools:
                  retrieval: {timeout_ms: 1100}
                  browser: {timeout_ms: 1200}
                  scheduler: {timeout_ms: 1300}
                  code_exec: {timeout_ms: 1400}
                  limits: {max_steps: 5, calls_per_message: 6, calls_per_request: 7}
                tenants:
                  acme: {tools: [a, b], rate_limit: {requests_per_second: 3, burst: 8}, default_tools: [a]}
                """);
        LukhasConfig config = ConfigLoader.load(Optional.of(f), Map.of());
        Set<Class<?>> built = new HashSet<>();
        checkBuiltDirectly(config, built);
        assertThat(built).hasSize(15);
    }

    private static void checkBuiltDirectly(Object record, Set<Class<?>> built) throws Exception {
        Class<?> type = record.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = components[i].getAccessor().invoke(record);
            types[i] = components[i].getType();
            if (args[i] instanceof Record nested) {
                checkBuiltDirectly(nested, built);
            } else if (args[i] instanceof Map<?, ?> map) {
                for (Object v : map.values()) {
                    checkBuiltDirectly(v, built);
                }
            }
        }
        assertThat(RecordFactories.construct(type, args))
                .as(type.getSimpleName() + " is built directly, its arguments in component order")
                .contains(type.getDeclaredConstructor(types).newInstance(args));
        built.add(type);
    }

    @Test
    void wholeNumbersAreNeverCutFromAFractionAndStayInTheirRange() throws Exception {
        assertThat(refusal("server:\n  port: 8080.7\n"))
                .isEqualTo("lukhas.yaml line 2, column 3: server.port: expected a whole number, but was 8080.7");
        assertThat(refusal("server:\n  port: 99999999999\n"))
                .isEqualTo("lukhas.yaml line 2, column 3: server.port: expected a whole number from -2147483648 to"
                        + " 2147483647, but was 99999999999");
        // a whole value written as a float or as text is a whole number
        LukhasConfig c = ConfigLoader.load(
                Optional.of(Files.writeString(
                        dir.resolve("ok.yaml"), "escalation:\n  hold_ms: 1.5e3\nserver:\n  port: \" 9000\"\n")),
                Map.of("LUKHAS_SERVER_MAX_REQUEST_BYTES", "+2048"));
        assertThat(c.escalation().holdMs()).isEqualTo(1500);
        assertThat(c.server().port()).isEqualTo(9000);
        assertThat(c.server().maxRequestBytes()).isEqualTo(2048);
    }

    @Test
    void anEmptySectionOrListItemIsNamedWithItsKey() throws Exception {
        assertThat(refusal("server:\n"))
                .isEqualTo("lukhas.yaml line 1, column 1: server: expected a mapping of keys (key: value lines"
                        + " indented under it), but was nothing");
        assertThat(refusal("tenants:\n  acme:\n    tools: [retrieval]\n"))
                .contains("tenants.acme.rate_limit: expected a mapping of keys");
        assertThat(refusal("tenants:\n  acme:\n    tools: [retrieval, null]\n    rate_limit: {requests_per_second: 2,"
                        + " burst: 3}\n"))
                .isEqualTo("lukhas.yaml line 3, column 5: tenants.acme.tools[1]: expected a single text value, but"
                        + " was nothing");
        assertThat(refusal("tenants:\n  acme:\n    tools: []\n    foo: 1\n"))
                .isEqualTo("lukhas.yaml line 4, column 5: unknown key 'tenants.acme.foo' (known here: default_tools,"
                        + " rate_limit, tools)");
        // a required list left out is named at its own key, not as the bare key name ("tenants.acme: tools")
        assertThat(refusal("tenants:\n  acme:\n    rate_limit: {requests_per_second: 2, burst: 3}\n"))
                .isEqualTo("lukhas.yaml line 2, column 3: tenants.acme.tools: expected a list, e.g. [a, b],"
                        + " but was nothing");
        assertThat(refusal("escalation:\n  user_scope: 2.5\n"))
                .isEqualTo("lukhas.yaml line 2, column 3: escalation.user_scope: expected true or false, but was 2.5");
    }

    @Test
    void scalarsAreTakenAsTheirTextAndBooleansFromTheirWords() throws Exception {
        LukhasConfig c = ConfigLoader.load(
                Optional.of(Files.writeString(
                        dir.resolve("ok.yaml"),
                        "upstream:\n  model: 4.0\ntenants:\n  acme:\n    tools: [retrieval, 5]\n"
                                + "    rate_limit: {requests_per_second: \"2.5\", burst: 3}\n")),
                Map.of("LUKHAS_ESCALATION_KEY_SCOPE", "TRUE", "LUKHAS_ESCALATION_USER_SCOPE", "false"));
        assertThat(c.upstream().model()).isEqualTo("4.0");
        assertThat(c.tenant("acme").tools()).containsExactly("retrieval", "5");
        assertThat(c.tenant("acme").rateLimit().requestsPerSecond()).isEqualTo(2.5);
        assertThat(c.tenant("acme").defaultTools()).isEmpty();
        assertThat(c.escalation().keyScope()).isTrue();
        assertThat(c.escalation().userScope()).isFalse();
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("LUKHAS_ESCALATION_KEY_SCOPE", "1")))
                .hasMessage("environment variable LUKHAS_ESCALATION_KEY_SCOPE: escalation.key_scope: expected true or"
                        + " false, but was '1'");
    }
}
