package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.cli.LukhasCliTest.Run;
import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModulateCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ModulationPolicy POLICY = ModulationPolicy.loadDefault();

    static JsonNode json(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("modulate", "--json"));
        all.addAll(List.of(args));
        Run r = LukhasCliTest.run(all.toArray(String[]::new));
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out().strip().lines()).hasSize(1);
        return JSON.readTree(r.out());
    }

    @Test
    void noSignalsPrintTheDefaultsWithIntegersAsIntegers() throws IOException {
        JsonNode root = json();
        assertThat(root.fieldNames()).toIterable().containsExactly("params", "prompt_style", "trace", "policy");
        JsonNode p = root.get("params");
        assertThat(p.fieldNames())
                .toIterable()
                .containsExactly(
                        "temperature",
                        "top_p",
                        "max_output_tokens",
                        "reasoning_effort",
                        "retrieval_k",
                        "planner_beam",
                        "memory_write",
                        "safety_mode",
                        "tool_allowlist");
        assertThat(p.get("temperature").doubleValue()).isEqualTo(0.6);
        assertThat(p.get("max_output_tokens").isInt()).isTrue();
        assertThat(p.get("max_output_tokens").intValue()).isEqualTo(900);
        assertThat(p.get("retrieval_k").isInt()).isTrue();
        assertThat(p.get("planner_beam").isInt()).isTrue();
        assertThat(p.get("safety_mode").asText()).isEqualTo("balanced");
        assertThat(p.get("tool_allowlist").toString()).isEqualTo("[\"retrieval\",\"browser\",\"scheduler\"]");
        assertThat(root.get("prompt_style").get("name").asText()).isEqualTo("balanced");
        assertThat(root.get("policy").get("version").isInt()).isTrue();
        assertThat(root.get("policy").get("sha256").asText())
                .isEqualTo(POLICY.info().sha256());
    }

    @Test
    void alignmentRiskExample() throws IOException {
        JsonNode root = json("--signal", "alignment_risk=0.6");
        JsonNode p = root.get("params");
        assertThat(p.get("temperature").doubleValue()).isEqualTo(1 - 0.85 * 0.6);
        assertThat(p.get("top_p").doubleValue()).isEqualTo(0.52);
        assertThat(p.get("reasoning_effort").doubleValue()).isEqualTo(0.76);
        assertThat(p.get("planner_beam").intValue()).isEqualTo(2);
        assertThat(p.get("safety_mode").asText()).isEqualTo("strict");
        assertThat(p.get("tool_allowlist").toString()).isEqualTo("[\"retrieval\",\"browser\"]");
        JsonNode style = root.get("prompt_style");
        assertThat(style.get("moderation_preset").asText()).isEqualTo("high");
        assertThat(style.get("stop_sequences").toString()).isEqualTo("[\"\\nUnsafe:\",\"\\nViolation:\"]");
        JsonNode temp = root.get("trace").get("parameters").get("temperature");
        assertThat(temp.get("cap_applied").booleanValue()).isTrue();
        assertThat(temp.get("cap").get("signal").asText()).isEqualTo("alignment_risk");
        assertThat(temp.get("cap").get("proposal").isDouble()).isTrue();
        assertThat(root.get("trace").get("signals").get(0).get("status").asText())
                .isEqualTo("active");
    }

    @Test
    void stressAndNoveltyExample() throws IOException {
        JsonNode p = json("--signal", "stress=0.5", "--signal", "novelty=0.3").get("params");
        // 0.508571... rounded to the policy's declared precision (0.01)
        assertThat(p.get("temperature").doubleValue()).isEqualTo(0.51);
        assertThat(p.get("top_p").doubleValue()).isCloseTo(0.69, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(p.get("max_output_tokens").intValue()).isEqualTo(1100);
        assertThat(p.get("planner_beam").intValue()).isEqualTo(4);
        assertThat(p.get("memory_write").doubleValue()).isCloseTo(0.51, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(p.get("safety_mode").asText()).isEqualTo("balanced");
    }

    @Test
    void strictDefaultAndClampedLevels() throws IOException {
        JsonNode root = json("--strict-default", "--signal", "stress=1.5");
        assertThat(root.get("params").get("safety_mode").asText()).isEqualTo("strict");
        assertThat(root.get("params").get("max_output_tokens").intValue()).isEqualTo(800);
        assertThat(root.get("trace").get("strict_default").booleanValue()).isTrue();
        assertThat(root.get("trace").get("signals").get(0).get("clamped_from").doubleValue())
                .isEqualTo(1.5);
    }

    @Test
    void toolAllowlistIsInThePolicyUniverseOrder(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(
                file,
                defaultPolicyText()
                        .replace(
                                "tool_allowlist: [retrieval, browser, scheduler]",
                                "tool_allowlist: [code_exec, scheduler, retrieval]"));
        JsonNode p = json("--policy", file.toString()).get("params");
        assertThat(p.get("tool_allowlist").toString()).isEqualTo("[\"retrieval\",\"scheduler\",\"code_exec\"]");
    }

    @Test
    void humanOutputExplainsEachValue() {
        Run r = LukhasCliTest.run("modulate", "--signal", "alignment_risk=0.6");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("temperature")
                .contains("capped by alignment_risk=0.6")
                .contains("safety_mode        strict")
                .contains("tool_allowlist     retrieval, browser");
    }

    @Test
    void badInputIsOneLineOnStderrWithExitTwo(@TempDir Path dir) throws IOException {
        assertBadInput(
                LukhasCliTest.run("modulate", "--signal", "anxiety=0.5"), "unknown signal 'anxiety'", "alignment_risk");
        assertBadInput(LukhasCliTest.run("modulate", "--signal", "stress=NaN"), "stress", "finite number", "'NaN'");
        assertBadInput(LukhasCliTest.run("modulate", "--signal", "stress=high"), "finite number");
        assertBadInput(LukhasCliTest.run("modulate", "--signal", "stress"), "NAME=LEVEL");
        assertBadInput(
                LukhasCliTest.run("modulate", "--signal", "stress=0.1", "--signal", "stress=0.2"), "given twice");
        Path missing = dir.resolve("missing.yaml");
        assertBadInput(
                LukhasCliTest.run("modulate", "--policy", missing.toString()), missing.toString(), "could not read");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, defaultPolicyText().replace("\"1 - 0.85*x\"", "\"1 - 0.85*x +\""));
        assertBadInput(
                LukhasCliTest.run("modulate", "--json", "--policy", broken.toString()),
                broken.toString(),
                "line ",
                "column ",
                "alignment_risk map for temperature");
    }

    static void assertBadInput(Run r, String... fragments) {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("lukhas modulate: ").contains(fragments);
    }

    static String defaultPolicyText() throws IOException {
        try (InputStream in =
                ModulationPolicy.class.getClassLoader().getResourceAsStream(ModulationPolicy.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The CLI prints exactly what the library computes, for any combination of signals. */
    @Property(tries = 100)
    void jsonMatchesTheLibraryForAnySignals(@ForAll("signalSets") Map<String, Double> signals) throws IOException {
        List<String> args = new ArrayList<>();
        Modulator m = Modulator.create(POLICY, Clock.systemUTC(), Flags.fixed(Map.of()));
        signals.forEach((name, level) -> {
            args.add("--signal");
            args.add(name + "=" + level);
            m.record(SessionKey.of("t", "s"), SignalInput.of(name, level, "t"));
        });
        ModulatedParams expected = m.modulate(SessionKey.of("t", "s")).params();
        JsonNode p = json(args.toArray(String[]::new)).get("params");
        assertThat(p.get("temperature").doubleValue()).isEqualTo(expected.temperature());
        assertThat(p.get("top_p").doubleValue()).isEqualTo(expected.topP());
        assertThat(p.get("max_output_tokens").intValue()).isEqualTo(expected.maxOutputTokens());
        assertThat(p.get("reasoning_effort").doubleValue()).isEqualTo(expected.reasoningEffort());
        assertThat(p.get("retrieval_k").intValue()).isEqualTo(expected.retrievalK());
        assertThat(p.get("planner_beam").intValue()).isEqualTo(expected.plannerBeam());
        assertThat(p.get("memory_write").doubleValue()).isEqualTo(expected.memoryWrite());
        assertThat(p.get("safety_mode").asText())
                .isEqualTo(expected.safetyMode().wireName());
        List<String> tools = new ArrayList<>();
        p.get("tool_allowlist").forEach(t -> tools.add(t.asText()));
        assertThat(tools).isEqualTo(expected.toolAllowlist());
    }

    @Provide
    Arbitrary<Map<String, Double>> signalSets() {
        return Arbitraries.maps(
                        Arbitraries.of(POLICY.signalNames()),
                        Arbitraries.oneOf(Arbitraries.doubles().between(0, 1), Arbitraries.of(0.0, 0.3, 0.6, 1.0)))
                .ofMaxSize(6);
    }
}
