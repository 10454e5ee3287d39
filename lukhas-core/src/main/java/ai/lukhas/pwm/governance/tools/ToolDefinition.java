package ai.lukhas.pwm.governance.tools;

import ai.lukhas.pwm.check.Checks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/**
 * A function tool as the model sees it: name, description and the JSON Schema of its arguments.
 *
 * <pre>{@code
 * ToolDefinition echo = ToolDefinition.of("echo", "Echo the text back.", new ObjectMapper().readTree(
 *         "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}"));
 * echo.chatCompletionsShape(); // {"type":"function","function":{"name":"echo",...}}
 * }</pre>
 *
 * @param name the function name the model calls; OpenAI's rule: 1-64 of {@code [A-Za-z0-9_-]}
 * @param description what the tool does, shown to the model
 * @param parameters a JSON Schema object describing the arguments object
 */
public record ToolDefinition(String name, String description, JsonNode parameters) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ToolDefinition {
        Checks.nonNull("name, description, parameters", name, description, parameters);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tool name must match " + NAME.pattern() + ", but was '" + name + "'");
        }
        if (!parameters.isObject()) {
            throw new IllegalArgumentException("parameters of tool '" + name
                    + "' must be a JSON Schema object, but was " + parameters.getNodeType());
        }
        parameters = parameters.deepCopy();
    }

    public static ToolDefinition of(String name, String description, JsonNode parameters) {
        return new ToolDefinition(name, description, parameters);
    }

    @Override
    public JsonNode parameters() {
        return parameters.deepCopy();
    }

    /** {@code {"type":"function","function":{"name":…,"description":…,"parameters":…}}} (Chat Completions). */
    public ObjectNode chatCompletionsShape() {
        ObjectNode tool = JsonNodeFactory.instance.objectNode();
        tool.put("type", "function");
        ObjectNode function = tool.putObject("function");
        function.put("name", name);
        function.put("description", description);
        function.set("parameters", parameters.deepCopy());
        return tool;
    }

    /** {@code {"type":"function","name":…,"description":…,"parameters":…}} (Responses API). */
    public ObjectNode responsesShape() {
        ObjectNode tool = JsonNodeFactory.instance.objectNode();
        tool.put("type", "function");
        tool.put("name", name);
        tool.put("description", description);
        tool.set("parameters", parameters.deepCopy());
        return tool;
    }
}
