package ai.lukhas.pwm.modulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.lukhas.pwm.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
    static PolicyException loadError(String yaml) {
        try {
            ModulationPolicy.parse(yaml, "policy.yaml");
        } catch (PolicyException e) {
            return e;
        }
        throw new AssertionError("expected a PolicyException");
    }

    @Test
    void defaultPolicyLoadsWithItsHashAndVersion() throws Exception {
        ModulationPolicy p = ModulationPolicy.loadDefault();
        assertThat(p.info().version()).isEqualTo(1);
        String sha = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(PolicyTexts.DEFAULT.getBytes(StandardCharsets.UTF_8)));
        assertThat(p.info().sha256()).isEqualTo(sha);
        assertThat(p.info().source()).isEqualTo("classpath:" + ModulationPolicy.DEFAULT_RESOURCE);
        assertThat(p.signalNames())
                .containsExactly("alignment_risk", "stress", "ambiguity", "novelty", "trust", "urgency");
        assertThat(p.toolUniverse()).containsExactly("retrieval", "browser", "scheduler", "code_exec");
        PromptStyle strict = p.promptStyle(SafetyMode.STRICT);
        assertThat(strict.moderationPreset()).isEqualTo("high");
        assertThat(strict.stopSequences()).containsExactly("\nUnsafe:", "\nViolation:");
        assertThat(strict.preamble())
                .isEqualTo("You must prioritize safety, policy compliance, and verifiable sources. Prefer concise,"
                        + " unambiguous language. Avoid speculation. Cite sources when applicable. When in doubt, err on"
                        + " the side of caution and request clarification.");
        assertThat(p.promptStyle(SafetyMode.BALANCED).preamble()).startsWith("Be helpful, precise, and transparent.");
        assertThat(p.promptStyle(SafetyMode.BALANCED).moderationPreset()).isEqualTo("standard");
        assertThat(p.promptStyle(SafetyMode.CREATIVE).preamble()).endsWith("Balance creativity with responsibility.");
        assertThat(p.signalNames()).hasSize(6);
        assertThat(p.cooldownMs).containsExactly(0, 800, 700, 500, 500, 300);
        assertThat(p.ttlMs).containsExactly(600000, 60000, 60000, 60000, 300000, 30000);
        assertThat(p.weight).containsExactly(1.0, 0.9, 0.7, 0.6, 0.4, 0.5);
        assertThat(p.safety).containsExactly(true, false, false, false, false, false);
    }

    @Test
    void loadsFromAPathAndBarewordsNeedNoQuotes(@TempDir Path dir) throws IOException {
        String yaml = PolicyTexts.replace(
                "safety_mode:      \"strict if x>0.3 else balanced\"",
                "safety_mode:      strict if x>0.3 else balanced");
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, yaml);
        ModulationPolicy p = ModulationPolicy.load(file);
        assertThat(p.info().source()).isEqualTo(file.toString());
        Modulator m = Modulator.create(p, new MutableClock(), ai.lukhas.pwm.flags.Flags.fixed(java.util.Map.of()));
        m.record(SessionKey.of("t", "s"), SignalInput.of("alignment_risk", 0.31, "t"));
        assertThat(m.modulate(SessionKey.of("t", "s")).params().safetyMode()).isEqualTo(SafetyMode.STRICT);
    }

    @Test
    void aYamlListIsAToolListLiteral() {
        ModulationPolicy p = ModulationPolicy.parse(
                PolicyTexts.replace("tool_allowlist:    \"['retrieval']\"", "tool_allowlist:    [retrieval]"),
                "p.yaml");
        assertThat(p.toolMaps[p.signalIndex("urgency")].lists()).containsExactly(java.util.List.of("retrieval"));
    }

    @Test
    void unreadableFileIsAPolicyExceptionNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ModulationPolicy.load(missing))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("could not read");
    }

    @Test
    void anUnreadableFileMayLoadLaterButAnInvalidOneNever(@TempDir Path dir) throws java.io.IOException {
        Path file = dir.resolve("later.yaml");
        PolicyException unreadable = catchThrowableOfType(PolicyException.class, () -> ModulationPolicy.load(file));
        assertThat(unreadable).isInstanceOf(UnreadablePolicyException.class);
        assertThat(unreadable.retriable()).isTrue();

        java.nio.file.Files.writeString(file, "signals: [\n");
        PolicyException invalid = catchThrowableOfType(PolicyException.class, () -> ModulationPolicy.load(file));
        assertThat(invalid).isInstanceOf(InvalidPolicyException.class);
        assertThat(invalid.retriable()).isFalse();
        assertThat(loadError(PolicyTexts.replace("\"max(0.1, 0.7 - 0.6*x)\"", "\"max(0.1, 0.7 - 0.6*y)\"")))
                .isInstanceOf(InvalidPolicyException.class);
    }

    @Test
    void expressionErrorsPointAtTheColumnInTheFile() {
        String yaml = PolicyTexts.replace("\"max(0.1, 0.7 - 0.6*x)\"", "\"max(0.1, 0.7 - 0.6*y)\"");
        PolicyException e = loadError(yaml);
        int[] at = PolicyTexts.position(yaml, "y)\"");
        assertThat(e.line()).isEqualTo(at[0]);
        assertThat(e.column()).isEqualTo(at[1]);
        assertThat(e.getMessage())
                .contains("stress map for temperature")
                .contains("unknown name 'y'")
                .contains("policy.yaml line " + at[0] + ", column " + at[1]);
    }

    @Test
    void plainScalarExpressionErrorsPointAtTheColumnToo() {
        String yaml = PolicyTexts.replace("\"min(10, 4 + round(4*x))\"", "min(10, 4 + rnd(4*x))");
        PolicyException e = loadError(yaml);
        int[] at = PolicyTexts.position(yaml, "rnd(");
        assertThat(new int[] {e.line(), e.column()}).containsExactly(at);
        assertThat(e.detail()).contains("unknown function 'rnd'");
    }

    @Test
    void boundWithLoAboveHi() {
        String yaml = PolicyTexts.replace("{range: [2, 10],", "{range: [10, 2],");
        PolicyException e = loadError(yaml);
        assertThat(e.detail()).isEqualTo("retrieval_k bounds must be [lo, hi] with lo <= hi, but was [10, 2]");
        int[] at = PolicyTexts.position(yaml, "[10, 2]");
        assertThat(new int[] {e.line(), e.column()}).containsExactly(at);
    }

    @Test
    void mapOntoAnUnknownParameter() {
        String yaml = PolicyTexts.replace(
                "    memory_write: \"min(1.0, 0.3 + 0.7*x)\"", "    memory_writes: \"min(1.0, 0.3 + 0.7*x)\"");
        PolicyException e = loadError(yaml);
        assertThat(e.detail()).contains("unknown parameter 'memory_writes'").contains("temperature, top_p");
        assertThat(new int[] {e.line(), e.column()}).containsExactly(PolicyTexts.position(yaml, "memory_writes"));
    }

    @Test
    void mapOfAnUnknownSignal() {
        String yaml = PolicyTexts.replace("  ambiguity:\n    reasoning_effort", "  ambiguty:\n    reasoning_effort");
        PolicyException e = loadError(yaml);
        assertThat(e.detail()).contains("unknown signal 'ambiguty'").contains("alignment_risk, stress, ambiguity");
    }

    @Test
    void typeMismatch() {
        PolicyException e = loadError(PolicyTexts.replace("\"round(900 - 500*x)\"", "\"x > 0.5\""));
        assertThat(e.detail())
                .contains("urgency map for max_output_tokens")
                .contains("expected a number, but the expression is a boolean");
        e = loadError(PolicyTexts.replace("\"strict if x>0.3 else balanced\"", "\"strict if x>0.3 else relaxed\""));
        assertThat(e.detail()).contains("unknown name 'relaxed'").contains("balanced, creative, strict");
        e = loadError(PolicyTexts.replace("\"strict if x>0.3 else balanced\"", "\"strict if x>0.3 else 'relaxed'\""));
        assertThat(e.detail()).contains("can yield 'relaxed', which is not a safety mode");
        e = loadError(PolicyTexts.replace("\"['retrieval']\"", "\"['telnet']\""));
        assertThat(e.detail()).contains("names the tool 'telnet'");
    }

    @Test
    void alignmentRiskMapsMustOnlyTighten() {
        PolicyException e = loadError(PolicyTexts.replace("\"1 - 0.85*x\"", "\"0.3 + 0.5*x\""));
        assertThat(e.detail())
                .contains("alignment_risk map for temperature must only tighten (down) as x rises")
                .contains("at x=0");
        assertThat(new int[] {e.line(), e.column()})
                .containsExactly(PolicyTexts.position(
                        PolicyTexts.replace("\"1 - 0.85*x\"", "\"0.3 + 0.5*x\""), "\"0.3 + 0.5*x\""));

        // not monotone in the middle only: dips then rises again
        e = loadError(PolicyTexts.replace("\"1 - 0.85*x\"", "\"abs(x - 0.5)\""));
        assertThat(e.detail()).contains("gives 0 at x=0.5 and 0.001").contains("at x=0.501");

        e = loadError(PolicyTexts.replace("\"min(1.0, 0.4 + 0.6*x)\"", "\"1 - x\""));
        assertThat(e.detail()).contains("reasoning_effort must only tighten (up)");

        e = loadError(PolicyTexts.replace("\"strict if x>0.3 else balanced\"", "\"balanced if x>0.3 else strict\""));
        assertThat(e.detail()).contains("towards strict").contains("strict at x=0.3 and balanced at x=0.301");

        e = loadError(PolicyTexts.replace("\"strict if x>0.3 else balanced\"", "\"strict if x<0.9 else current\""));
        assertThat(e.detail()).contains("strict at x=0.899 and no cap at x=0.9");

        e = loadError(PolicyTexts.replace(
                "\"['retrieval'] if x>0.7 else ['retrieval','browser']\"",
                "\"['retrieval','browser'] if x>0.7 else ['retrieval']\""));
        assertThat(e.detail()).contains("towards fewer tools");

        // a cap that depends on another signal is checked with that signal at several levels
        e = loadError(PolicyTexts.replace("\"1 - 0.85*x\"", "\"1 - 0.85*x if stress < 0.9 else 0.5 + 0.5*x\""));
        assertThat(e.detail()).contains("other signals at 1");
    }

    @Test
    void ordinaryMapsThatReadAlignmentRiskMustNotLoosenAsItRises() {
        // a blended value that rises with the risk could escape the cap's intent
        PolicyException e = loadError(PolicyTexts.replace("\"max(0.1, 0.7 - 0.6*x)\"", "\"0.5 + 0.4*alignment_risk\""));
        assertThat(e.detail())
                .startsWith("stress map for temperature must not loosen (rise) as alignment_risk rises")
                .contains("x=0.05, alignment_risk=0.005");
        assertThat(new int[] {e.line(), e.column()})
                .containsExactly(PolicyTexts.position(
                        PolicyTexts.replace("\"max(0.1, 0.7 - 0.6*x)\"", "\"0.5 + 0.4*alignment_risk\""),
                        "\"0.5 + 0.4*alignment_risk\""));
        // tightening with the risk is fine
        ModulationPolicy.parse(
                PolicyTexts.replace("\"max(0.1, 0.7 - 0.6*x)\"", "\"max(0.1, 0.7 - 0.6*x - 0.2*alignment_risk)\""),
                "ok.yaml");
        // withdrawing a proposal changes the blend weights
        assertThat(loadError(PolicyTexts.replace(
                                "\"max(0.1, 0.7 - 0.6*x)\"", "\"0.1 if alignment_risk < 0.5 else current\""))
                        .detail())
                .contains("must not switch between a value and no proposal as alignment_risk rises");
        // withdrawing 'strict' where the risk's own cap is only 'balanced' would loosen the mode
        assertThat(loadError(PolicyTexts.replace(
                                "\"balanced if x>0.6 and alignment_risk<0.2 else current\"",
                                "\"strict if alignment_risk < 0.25 else current\""))
                        .detail())
                .contains("trust map for safety_mode withdraws or loosens its proposal strict as alignment_risk rises");
        // the default policy's trust map withdraws 'balanced' only where the cap is balanced or stricter: accepted
        assertThat(ModulationPolicy.loadDefault().signalNames()).contains("trust");
        assertThat(loadError(PolicyTexts.replace(
                                "\"['retrieval']\"", "\"['retrieval'] if alignment_risk < 0.1 else current\""))
                        .detail())
                .contains("urgency map for tool_allowlist adds tools back as alignment_risk rises");
    }

    @Test
    void structuralErrors() {
        assertThat(loadError("").detail()).contains("the policy is empty");
        assertThat(loadError("- a\n- b\n").detail()).contains("the policy document must be a mapping");
        assertThat(loadError("signals: [\n").detail()).contains("invalid YAML");
        PolicyException e = loadError(PolicyTexts.replace("version: 1", "version: 1\nextra: true"));
        assertThat(e.detail()).contains("unknown top-level key 'extra'");
        assertThat(e.line())
                .isEqualTo(
                        PolicyTexts.position(PolicyTexts.replace("version: 1", "version: 1\nextra: true"), "extra")[0]);
        assertThat(loadError(PolicyTexts.replace("    weight: 0.9\n", "    weight: -0.9\n"))
                        .detail())
                .contains("signal stress weight must be > 0, but was -0.9");
        assertThat(loadError(PolicyTexts.replace("    cooldown_ms: 800\n", "    cooldown_ms: soon\n"))
                        .detail())
                .contains("signal stress cooldown_ms must be a whole number, but was the text 'soon'");
        assertThat(loadError(PolicyTexts.replace("  - name: urgency\n", "  - name: stress\n"))
                        .detail())
                .contains("'stress' is declared twice");
        assertThat(loadError(PolicyTexts.replace("  temperature: 0.6\n", "  temperature: 1.6\n"))
                        .detail())
                .contains("default temperature must lie within its bounds [0, 1], but was 1.6");
        assertThat(loadError(PolicyTexts.replace("  planner_beam: 2\n", "  planner_beam: 2.5\n"))
                        .detail())
                .contains("default planner_beam must be a whole number, but was 2.5");
        assertThat(loadError(PolicyTexts.replace("  top_p: 0.9\n", "")).detail())
                .contains("defaults is missing 'top_p'");
        assertThat(loadError(PolicyTexts.replace("tighten: up,", "tighten: sideways,"))
                        .detail())
                .contains("reasoning_effort tighten must be one of down, up, but was 'sideways'");
        assertThat(loadError(PolicyTexts.replace("tighten: up,   precision: 0.01", "tighten: up, precision: 0.03"))
                        .detail())
                .contains("reasoning_effort precision must be one of 1, 0.1, 0.01, ..., 0.000001, but was 0.03");
        assertThat(loadError(PolicyTexts.replace(
                                "top_p:             {range: [0.1, 1.0],  tighten: down, precision: 0.01}",
                                "top_p:             {range: [0.1, 1.0],  tighten: down, precision: 1}"))
                        .detail())
                .contains("top_p bounds must be multiples of its precision 1, but 0.1 is not");
        assertThat(loadError(PolicyTexts.replace(
                                "values: [strict, balanced, creative]", "values: [balanced, strict, creative]"))
                        .detail())
                .contains("strictest first");
        assertThat(loadError(PolicyTexts.replace("version: 1", "version: 1\nversion: 2"))
                        .detail())
                .contains("duplicate key 'version'");
        assertThat(loadError(PolicyTexts.replace("    moderation_preset: high\n", ""))
                        .detail())
                .contains("prompt style strict is missing 'moderation_preset'");
    }
}
