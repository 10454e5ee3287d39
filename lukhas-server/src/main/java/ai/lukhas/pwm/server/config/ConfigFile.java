package ai.lukhas.pwm.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which {@code lukhas.yaml} a command reads, and why. Precedence, first match wins: {@code --config
 * FILE}, then the {@code LUKHAS_CONFIG} environment variable, then {@code lukhas.yaml} in the working
 * directory, else none (built-in defaults and {@code LUKHAS_*} variables only). A file named by
 * {@code --config} or {@code LUKHAS_CONFIG} must exist; the working directory's is optional.
 *
 * <pre>{@code
 * ConfigFile f = ConfigFile.locate(Optional.empty(), System.getenv(), Path.of(""));
 * LukhasConfig c = ConfigLoader.load(f.path(), System.getenv());
 * System.out.println(f.describe()); // "lukhas.yaml (found in the working directory)"
 * }</pre>
 *
 * @param path the file to read, or empty for none
 * @param origin how it was chosen: {@code "--config"}, {@code "LUKHAS_CONFIG"}, {@code "working directory"}
 *     or {@code "none"}
 */
public record ConfigFile(Optional<Path> path, String origin) {
    /** The variable that names the configuration file when {@code --config} is not given. */
    public static final String VARIABLE = "LUKHAS_CONFIG";

    /** The file looked for in the working directory. */
    public static final String DEFAULT_NAME = "lukhas.yaml";

    public ConfigFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * @param option the {@code --config} option, if given
     * @param env the environment ({@code LUKHAS_CONFIG})
     * @param workingDir the directory searched for {@code lukhas.yaml} ({@code Path.of("")} for the current one)
     * @throws ConfigException when {@code --config} or {@code LUKHAS_CONFIG} names a file that does not exist
     */
    public static ConfigFile locate(Optional<Path> option, Map<String, String> env, Path workingDir) {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(workingDir, "workingDir");
        if (option.isPresent()) {
            return named(option.get(), "--config");
        }
        String variable = env.get(VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return named(Path.of(variable), VARIABLE);
        }
        Path local = workingDir.resolve(DEFAULT_NAME);
        if (Files.isRegularFile(local)) {
            return new ConfigFile(Optional.of(local), "working directory");
        }
        return new ConfigFile(Optional.empty(), "none");
    }

    private static ConfigFile named(Path file, String origin) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": no such file (named by " + origin + "; "
                    + (Files.isDirectory(file) ? "it is a directory" : "check the path") + ")");
        }
        return new ConfigFile(Optional.of(file), origin);
    }

    /** One line for the start-up banner: the file and why it was chosen, or that none was. */
    public String describe() {
        return path.map(p -> p.toAbsolutePath().normalize() + " ("
                        + switch (origin) {
                            case "working directory" -> "found in the working directory";
                            case VARIABLE -> "named by " + VARIABLE;
                            default -> "named by " + origin;
                        }
                        + ")")
                .orElse("none (no --config, no " + VARIABLE + ", no " + DEFAULT_NAME
                        + " in the working directory): built-in defaults and LUKHAS_* variables");
    }
}
