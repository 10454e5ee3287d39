package ai.lukhas.pwm.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json}, shared by every command whose whole output can be one JSON object instead of lines
 * for people (a command that prints something else as JSON declares its own option).
 */
final class JsonOption {
    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    /** Whether to print JSON. */
    boolean requested() {
        return json;
    }
}
