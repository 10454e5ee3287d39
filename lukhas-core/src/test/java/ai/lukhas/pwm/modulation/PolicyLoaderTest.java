package ai.lukhas.pwm.modulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.lukhas.pwm.testing.MutableClock;
import ai.lukhas.pwm.testing.PolicyTexts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
    void editsThatOnlyTightenWithTheRiskAreAccepted() {
        // a map that tightens further as alignment_risk rises is fine
        ModulationPolicy.parse(
                PolicyTexts.replace("\"max(0.1, 0.7 - 0.6*x)\"", "\"max(0.1, 0.7 - 0.6*x - 0.2*alignment_risk)\""),
                "ok.yaml");
        // the default policy's trust map withdraws 'balanced' only where the cap is balanced or stricter: accepted
        assertThat(ModulationPolicy.loadDefault().signalNames()).contains("trust");
    }

    /**
     * One change to a policy text and what it must be refused with: the detail (the first fragment
     * exactly, as its start, or contained; every further fragment contained) and, where the row names
     * it, the text the error's line and column point at.
     */
    record Refusal(String yaml, Match match, List<String> detail, Optional<String> at) {
        enum Match {
            IS,
            STARTS_WITH,
            CONTAINS
        }

        /** The default policy with {@code from} (which must occur once) replaced by {@code to}. */
        static Refusal edit(String from, String to, String... detail) {
            return text(PolicyTexts.replace(from, to), detail);
        }

        static Refusal text(String yaml, String... detail) {
            return new Refusal(yaml, Match.CONTAINS, List.of(detail), Optional.empty());
        }

        Refusal exactly() {
            return new Refusal(yaml, Match.IS, detail, at);
        }

        Refusal startingWith() {
            return new Refusal(yaml, Match.STARTS_WITH, detail, at);
        }

        Refusal at(String needle) {
            return new Refusal(yaml, match, detail, Optional.of(needle));
        }

        @Override
        public String toString() {
            return detail.getFirst();
        }
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                // expressions
                Refusal.edit("\"min(10, 4 + round(4*x))\"", "min(10, 4 + rnd(4*x))", "unknown function 'rnd'")
                        .at("rnd("),
                Refusal.edit(
                        "\"round(900 - 500*x)\"",
                        "\"x > 0.5\"",
                        "urgency map for max_output_tokens",
                        "expected a number, but the expression is a boolean"),
                Refusal.edit(
                        "\"strict if x>0.3 else balanced\"",
                        "\"strict if x>0.3 else relaxed\"",
                        "unknown name 'relaxed'",
                        "balanced, creative, strict"),
                Refusal.edit(
                        "\"strict if x>0.3 else balanced\"",
                        "\"strict if x>0.3 else 'relaxed'\"",
                        "can yield 'relaxed', which is not a safety mode"),
                Refusal.edit("\"['retrieval']\"", "\"['telnet']\"", "names the tool 'telnet'"),
                // maps
                Refusal.edit(
                                "{range: [2, 10],",
                                "{range: [10, 2],",
                                "retrieval_k bounds must be [lo, hi] with lo <= hi, but was [10, 2]")
                        .exactly()
                        .at("[10, 2]"),
                Refusal.edit(
                                "    memory_write: \"min(1.0, 0.3 + 0.7*x)\"",
                                "    memory_writes: \"min(1.0, 0.3 + 0.7*x)\"",
                                "unknown parameter 'memory_writes'",
                                "temperature, top_p")
                        .at("memory_writes"),
                Refusal.edit(
                        "  ambiguity:\n    reasoning_effort",
                        "  ambiguty:\n    reasoning_effort",
                        "unknown signal 'ambiguty'",
                        "alignment_risk, stress, ambiguity"),
                // alignment_risk maps only tighten
                Refusal.edit(
                                "\"1 - 0.85*x\"",
                                "\"0.3 + 0.5*x\"",
                                "alignment_risk map for temperature must only tighten (down) as x rises",
                                "at x=0")
                        .at("\"0.3 + 0.5*x\""),
                // not monotone in the middle only: dips then rises again
                Refusal.edit("\"1 - 0.85*x\"", "\"abs(x - 0.5)\"", "gives 0 at x=0.5 and 0.001", "at x=0.501"),
                Refusal.edit("\"min(1.0, 0.4 + 0.6*x)\"", "\"1 - x\"", "reasoning_effort must only tighten (up)"),
                Refusal.edit(
                        "\"strict if x>0.3 else balanced\"",
                        "\"balanced if x>0.3 else strict\"",
                        "towards strict",
                        "strict at x=0.3 and balanced at x=0.301"),
                Refusal.edit(
                        "\"strict if x>0.3 else balanced\"",
                        "\"strict if x<0.9 else current\"",
                        "strict at x=0.899 and no cap at x=0.9"),
                Refusal.edit(
                        "\"['retrieval'] if x>0.7 else ['retrieval','browser']\"",
                        "\"['retrieval','browser'] if x>0.7 else ['retrieval']\"",
                        "towards fewer tools",
                        "gives [retrieval] at x=0.7 and [retrieval, browser] at x=0.701"),
                // a cap that depends on another signal is checked with that signal at several levels
                Refusal.edit("\"1 - 0.85*x\"", "\"1 - 0.85*x if stress < 0.9 else 0.5 + 0.5*x\"", "other signals at 1"),
                // ordinary maps that read alignment_risk must not loosen as it rises (a blended value
                // that rises with the risk could escape the cap's intent)
                Refusal.edit(
                                "\"max(0.1, 0.7 - 0.6*x)\"",
                                "\"0.5 + 0.4*alignment_risk\"",
                                "stress map for temperature must not loosen (rise) as alignment_risk rises",
                                "x=0.05, alignment_risk=0.005")
                        .startingWith()
                        .at("\"0.5 + 0.4*alignment_risk\""),
                // withdrawing a proposal changes the blend weights
                Refusal.edit(
                        "\"max(0.1, 0.7 - 0.6*x)\"",
                        "\"0.1 if alignment_risk < 0.5 else current\"",
                        "must not switch between a value and no proposal as alignment_risk rises"),
                // withdrawing 'strict' where the risk's own cap is only 'balanced' would loosen the mode
                Refusal.edit(
                        "\"balanced if x>0.6 and alignment_risk<0.2 else current\"",
                        "\"strict if alignment_risk < 0.25 else current\"",
                        "trust map for safety_mode withdraws or loosens its proposal strict as alignment_risk rises"),
                Refusal.edit(
                        "\"['retrieval']\"",
                        "\"['retrieval'] if alignment_risk < 0.1 else current\"",
                        "urgency map for tool_allowlist adds tools back as alignment_risk rises"),
                // structure
                Refusal.text("", "the policy is empty"),
                Refusal.text("- a\n- b\n", "the policy document must be a mapping"),
                Refusal.text("signals: [\n", "invalid YAML"),
                Refusal.edit("version: 1", "version: 1\nextra: true", "unknown top-level key 'extra'")
                        .at("extra"),
                Refusal.edit(
                        "    weight: 0.9\n", "    weight: -0.9\n", "signal stress weight must be > 0, but was -0.9"),
                Refusal.edit(
                        "    cooldown_ms: 800\n",
                        "    cooldown_ms: soon\n",
                        "signal stress cooldown_ms must be a whole number, but was the text 'soon'"),
                Refusal.edit("  - name: urgency\n", "  - name: stress\n", "'stress' is declared twice"),
                Refusal.edit(
                        "  temperature: 0.6\n",
                        "  temperature: 1.6\n",
                        "default temperature must lie within its bounds [0, 1], but was 1.6"),
                Refusal.edit(
                        "  planner_beam: 2\n",
                        "  planner_beam: 2.5\n",
                        "default planner_beam must be a whole number, but was 2.5"),
                Refusal.edit("  top_p: 0.9\n", "", "defaults is missing 'top_p'"),
                Refusal.edit(
                        "tighten: up,",
                        "tighten: sideways,",
                        "reasoning_effort tighten must be one of down, up, but was 'sideways'"),
                Refusal.edit(
                        "tighten: up,   precision: 0.01",
                        "tighten: up, precision: 0.03",
                        "reasoning_effort precision must be one of 1, 0.1, 0.01, ..., 0.000001, but was 0.03"),
                Refusal.edit(
                        "top_p:             {range: [0.1, 1.0],  tighten: down, precision: 0.01}",
                        "top_p:             {range: [0.1, 1.0],  tighten: down, precision: 1}",
                        "top_p bounds must be multiples of its precision 1, but 0.1 is not"),
                Refusal.edit(
                        "values: [strict, balanced, creative]",
                        "values: [balanced, strict, creative]",
                        "strictest first"),
                Refusal.edit("version: 1", "version: 1\nversion: 2", "duplicate key 'version'"),
                Refusal.edit(
                        "    moderation_preset: high\n", "", "prompt style strict is missing 'moderation_preset'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void anInvalidPolicyIsRefusedWithADetailThatSaysWhatAndWhere(Refusal r) {
        PolicyException e = loadError(r.yaml());
        String detail = e.detail();
        String first = r.detail().getFirst();
        switch (r.match()) {
            case IS -> assertThat(detail).isEqualTo(first);
            case STARTS_WITH -> assertThat(detail).startsWith(first);
            case CONTAINS -> assertThat(detail).contains(first);
        }
        assertThat(detail).contains(r.detail());
        r.at().ifPresent(needle ->
                assertThat(new int[] {e.line(), e.column()}).containsExactly(PolicyTexts.position(r.yaml(), needle)));
    }
}
