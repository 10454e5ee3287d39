package ai.lukhas.pwm.governance.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An executor that only remembers what reached it, so tests can tell whether the gate let a call through. */
final class RecordingExecutor implements ToolExecutor {
    final String name;
    final List<JsonNode> calls = new CopyOnWriteArrayList<>();

    RecordingExecutor(String name) {
        this.name = name;
    }

    @Override
    public ToolOutcome execute(JsonNode arguments, ToolContext context) {
        calls.add(arguments);
        return new ToolOutcome.Output(name + " ran");
    }
}
