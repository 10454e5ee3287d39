package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.ModulationJson;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.ModulationTrace;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.PolicyException;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.SignalOutcome;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lukhas modulate}: what the policy makes of a set of signals, for one fresh session at one instant. */
@Command(
        name = "modulate",
        mixinStandardHelpOptions = true,
        description = "Evaluate the modulation policy for a set of signals (one fresh session, one instant).")
final class ModulateCommand extends CliCommand implements Runnable {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description =
                    "Policy file (default: the built-in policy, classpath:" + ModulationPolicy.DEFAULT_RESOURCE + ").")
    Path policyFile;

    @Option(
            names = "--signal",
            paramLabel = "NAME=LEVEL",
            description = "A signal and its level in [0, 1], e.g. stress=0.5; repeat for more signals.")
    List<String> signals = new ArrayList<>();

    @Option(names = "--strict-default", description = "Turn the STRICT_DEFAULT flag on: strict is the floor.")
    boolean strictDefault;

    @Option(names = "--json", description = "Print one JSON object: params, prompt_style, trace, policy.")
    boolean json;

    @Override
    public void run() {
        ModulationPolicy policy = loadPolicy();
        Modulator modulator = Modulator.create(
                policy,
                Clock.fixed(Clock.systemUTC().instant(), ZoneOffset.UTC),
                Flags.fixed(Map.of(Modulator.STRICT_DEFAULT_FLAG, strictDefault)));
        SessionKey session = SessionKey.of("cli", "cli");
        Set<String> seen = new HashSet<>();
        for (String arg : signals) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw CliException.badInput("--signal expects NAME=LEVEL (e.g. stress=0.5), but was '" + arg + "'");
            }
            String name = arg.substring(0, eq).strip();
            String levelText = arg.substring(eq + 1).strip();
            if (!NUMBER.matcher(levelText).matches()) {
                throw CliException.badInput("--signal " + name
                        + ": the level must be a finite number in [0, 1], but was '" + levelText + "'");
            }
            if (!seen.add(name)) {
                throw CliException.badInput("--signal " + name + " is given twice (expected each signal at most once)");
            }
            SignalOutcome outcome =
                    modulator.record(session, SignalInput.of(name, Double.parseDouble(levelText), "cli"));
            if (outcome instanceof SignalOutcome.Rejected r) {
                throw CliException.badInput("--signal " + arg + ": " + r.reason());
            }
        }
        ModulationResult result = modulator.modulate(session);
        PrintWriter out = out();
        if (json) {
            out.println(toJson(result));
        } else {
            printText(out, result);
        }
        out.flush();
    }

    private ModulationPolicy loadPolicy() {
        try {
            return policyFile == null ? ModulationPolicy.loadDefault() : ModulationPolicy.load(policyFile);
        } catch (PolicyException e) {
            throw CliException.badInput(e.getMessage().replace('\n', ' '));
        }
    }

    static String toJson(ModulationResult r) {
        ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = ModulationJson.result(r);
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

    private static void printText(PrintWriter out, ModulationResult r) {
        ModulatedParams p = r.params();
        Object[][] rows = {
            {"temperature", p.temperature()},
            {"top_p", p.topP()},
            {"max_output_tokens", p.maxOutputTokens()},
            {"reasoning_effort", p.reasoningEffort()},
            {"retrieval_k", p.retrievalK()},
            {"planner_beam", p.plannerBeam()},
            {"memory_write", p.memoryWrite()},
            {"safety_mode", p.safetyMode().wireName()},
            {"tool_allowlist", String.join(", ", p.toolAllowlist())},
        };
        for (Object[] row : rows) {
            ModulationTrace.Parameter tp = r.trace().parameter((String) row[0]).orElseThrow();
            out.printf("%-18s %-22s %s%n", row[0], row[1], explain(tp));
        }
        out.printf(
                "%-18s %s (moderation %s)%n",
                "prompt_style", r.promptStyle().name(), r.promptStyle().moderationPreset());
        out.printf(
                "%-18s version %d, sha256 %s%n",
                "policy", r.policy().version(), r.policy().sha256());
    }

    private static String explain(ModulationTrace.Parameter tp) {
        List<String> parts = new ArrayList<>();
        if (tp.fromDefault()) {
            parts.add("default");
        } else {
            parts.add("from "
                    + String.join(
                            ", ",
                            tp.contributions().stream()
                                    .map(c -> c.signal() + "=" + c.level() + " -> " + c.proposal())
                                    .toList()));
        }
        if (tp.capApplied()) {
            parts.add("capped by "
                    + tp.cap().map(c -> c.signal() + "=" + c.level()).orElseThrow());
        }
        if (tp.bounded()) {
            parts.add("clamped to bounds");
        }
        parts.addAll(tp.notes());
        return String.join("; ", parts);
    }
}
