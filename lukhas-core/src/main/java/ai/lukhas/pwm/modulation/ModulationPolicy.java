package ai.lukhas.pwm.modulation;

import ai.lukhas.pwm.expr.Expression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded, validated modulation policy: signals, defaults, bounds with tightening directions, maps
 * compiled to expression trees, and prompt styles. Immutable and safe to share between threads.
 * The default policy is the classpath resource {@value #DEFAULT_RESOURCE}.
 *
 * <pre>{@code
 * ModulationPolicy policy = ModulationPolicy.loadDefault();
 * ModulationPolicy custom = ModulationPolicy.load(Path.of("my_policy.yaml")); // PolicyException if invalid
 * }</pre>
 */
public final class ModulationPolicy {
    /** Where the default policy lives on the classpath (in lukhas-core's resources). */
    public static final String DEFAULT_RESOURCE = "ai/lukhas/pwm/modulation/modulation_policy.yaml";

    final PolicyInfo info;
    final String[] signalNames;
    final double[] weight;
    final long[] cooldownMs;
    final long[] ttlMs;
    final boolean[] safety;
    final double[] defaults;
    final SafetyMode defaultMode;
    final long defaultTools;
    final double[] lo;
    final double[] hi;
    final boolean[] tightenDown;
    /**
     * Per numeric parameter, 1 / its declared precision (100 for {@code precision: 0.01}; 1 for
     * integers): results are rounded to it, caps in the tightening direction.
     */
    final double[] scale;

    final List<String> tools;
    /** [signal][numeric param], null where the signal does not map the parameter. */
    final Expression[][] numericMaps;
    /** [signal], null where the signal does not map safety_mode; choices map an expression's strings to modes. */
    final Expression[] modeMaps;

    final SafetyMode[][] modeChoices;
    final Expression[] toolMaps;
    final long[][] toolChoices;
    final Map<SafetyMode, PromptStyle> styles;
    private final List<List<String>> toolListsByMask;

    ModulationPolicy(
            PolicyInfo info,
            String[] signalNames,
            double[] weight,
            long[] cooldownMs,
            long[] ttlMs,
            boolean[] safety,
            double[] defaults,
            SafetyMode defaultMode,
            long defaultTools,
            double[] lo,
            double[] hi,
            boolean[] tightenDown,
            double[] scale,
            List<String> tools,
            Expression[][] numericMaps,
            Expression[] modeMaps,
            SafetyMode[][] modeChoices,
            Expression[] toolMaps,
            long[][] toolChoices,
            Map<SafetyMode, PromptStyle> styles) {
        this.info = info;
        this.signalNames = signalNames;
        this.weight = weight;
        this.cooldownMs = cooldownMs;
        this.ttlMs = ttlMs;
        this.safety = safety;
        this.defaults = defaults;
        this.defaultMode = defaultMode;
        this.defaultTools = defaultTools;
        this.lo = lo;
        this.hi = hi;
        this.tightenDown = tightenDown;
        this.scale = scale;
        this.tools = List.copyOf(tools);
        this.numericMaps = numericMaps;
        this.modeMaps = modeMaps;
        this.modeChoices = modeChoices;
        this.toolMaps = toolMaps;
        this.toolChoices = toolChoices;
        this.styles = new EnumMap<>(styles);
        // Tool lists are immutable per mask; precomputing them keeps modulate() from rebuilding lists.
        List<List<String>> byMask = new ArrayList<>();
        if (tools.size() <= 12) {
            for (long m = 0; m < (1L << tools.size()); m++) {
                byMask.add(buildToolList(m));
            }
        }
        this.toolListsByMask = List.copyOf(byMask);
    }

    /**
     * Loads the policy shipped in lukhas-core ({@value #DEFAULT_RESOURCE}).
     *
     * @throws PolicyException if the resource is missing or invalid (a packaging bug)
     */
    public static ModulationPolicy loadDefault() {
        String source = "classpath:" + DEFAULT_RESOURCE;
        try (InputStream in = ModulationPolicy.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new InvalidPolicyException(
                        source, 0, 0, "the default policy resource is missing from the classpath");
            }
            return PolicyLoader.load(in.readAllBytes(), source);
        } catch (IOException e) {
            throw new UnreadablePolicyException(source, 0, 0, "could not read the default policy: " + e.getMessage());
        }
    }

    /**
     * Loads and validates a policy file.
     *
     * @throws PolicyException naming the file, line and column of the first problem
     */
    public static ModulationPolicy load(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnreadablePolicyException(
                    file.toString(),
                    0,
                    0,
                    "could not read the policy file: " + e.getClass().getSimpleName() + " "
                            + Optional.ofNullable(e.getMessage()).orElse(""));
        }
        return PolicyLoader.load(bytes, file.toString());
    }

    /**
     * Parses a policy from text; {@code sourceName} is what error messages call it.
     *
     * @throws PolicyException naming {@code sourceName}, line and column of the first problem
     */
    public static ModulationPolicy parse(String yaml, String sourceName) {
        return PolicyLoader.load(
                yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Objects.requireNonNull(sourceName, "sourceName"));
    }

    /** Version, SHA-256 and source of this policy. */
    public PolicyInfo info() {
        return info;
    }

    /** The signal names, in policy order. */
    public List<String> signalNames() {
        return List.of(signalNames);
    }

    /** Every tool the policy knows, in the order allowlists are reported. */
    public List<String> toolUniverse() {
        return tools;
    }

    /** The prompt style of a safety mode. */
    public PromptStyle promptStyle(SafetyMode mode) {
        return styles.get(mode);
    }

    /** The parameters when no signal is active. */
    public ModulatedParams defaultParams() {
        return params(defaults, defaultMode, defaultTools);
    }

    /** Parameters from the numeric {@code values} in the order of {@link Param#ALL}, a mode and a tool mask. */
    ModulatedParams params(double[] values, SafetyMode mode, long tools) {
        return new ModulatedParams(
                values[0],
                values[1],
                (int) values[2],
                values[3],
                (int) values[4],
                (int) values[5],
                values[6],
                mode,
                toolList(tools));
    }

    int signalIndex(String name) {
        for (int i = 0; i < signalNames.length; i++) {
            if (signalNames[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    List<String> toolList(long mask) {
        return mask >= 0 && mask < toolListsByMask.size() ? toolListsByMask.get((int) mask) : buildToolList(mask);
    }

    private List<String> buildToolList(long mask) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            if ((mask & (1L << i)) != 0) {
                out.add(tools.get(i));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "ModulationPolicy[version=" + info.version() + ", sha256=" + info.sha256() + ", source=" + info.source()
                + "]";
    }
}
