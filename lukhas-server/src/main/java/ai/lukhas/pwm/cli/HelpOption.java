package ai.lukhas.pwm.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} alone, for commands whose own {@code --version N} option clashes with picocli's standard
 * {@code -V, --version}: picocli then drops the whole standard help mixin, {@code --help} included, so such a
 * command mixes this in instead of {@code mixinStandardHelpOptions}.
 */
final class HelpOption {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;
}
