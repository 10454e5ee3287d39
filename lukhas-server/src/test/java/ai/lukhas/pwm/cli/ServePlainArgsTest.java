package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code serve} without picocli ({@link ServeCommand#parsePlain}): whatever it accepts, picocli parses
 * to the same options; whatever could mean something else (help, version, errors, repeats, argument
 * files) it leaves to picocli.
 */
class ServePlainArgsTest {
    /** The options as picocli parses them, or empty when picocli refuses the arguments or would not run serve. */
    private static Optional<List<Object>> viaPicocli(String... args) {
        CommandLine cli = LukhasCli.newCommandLine(args);
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            if (parsed.isUsageHelpRequested()
                    || parsed.isVersionHelpRequested()
                    || !parsed.hasSubcommand()
                    || parsed.subcommand().isUsageHelpRequested()
                    || parsed.subcommand().isVersionHelpRequested()) {
                return Optional.empty();
            }
        } catch (CommandLine.ParameterException e) {
            return Optional.empty();
        }
        return Optional.of(options(cli.getSubcommands().get("serve").getCommand()));
    }

    private static List<Object> options(ServeCommand c) {
        return Arrays.asList(c.config, c.host, c.port, c.dataDir, c.acceptAuditDamage, c.timings);
    }

    @Test
    void theFormsAServeIsStartedWithRunWithoutPicocliAndMeanWhatPicocliReads() {
        List<String[]> plain = List.of(
                new String[] {"serve"},
                new String[] {"serve", "--timings", "--port", "8096", "--data-dir", "/tmp/x"},
                new String[] {"serve", "--config", "lukhas.yaml", "--host", "0.0.0.0", "--accept-audit-damage"},
                new String[] {"serve", "--port=0", "--data-dir=d=1", "--config=a b.yaml", "--host=::1"},
                new String[] {"serve", "--port", "0080"});
        for (String[] args : plain) {
            Optional<ServeCommand> fast = ServeCommand.parsePlain(args);
            assertThat(fast).as(String.join(" ", args)).isPresent();
            assertThat(Optional.of(options(fast.orElseThrow())))
                    .as(String.join(" ", args))
                    .isEqualTo(viaPicocli(args));
        }
    }

    @Test
    void helpVersionErrorsRepeatsAndArgumentFilesAreLeftToPicocli() {
        List<String[]> toPicocli = List.of(
                new String[] {},
                new String[] {"serve", "--help"},
                new String[] {"serve", "-h"},
                new String[] {"serve", "--version"},
                new String[] {"serve", "-V"},
                new String[] {"--help", "serve"},
                new String[] {"help", "serve"},
                new String[] {"serve", "--port", "not-a-number"},
                new String[] {"serve", "--port", "99999999999"},
                new String[] {"serve", "--port", "-1"},
                new String[] {"serve", "--port"},
                new String[] {"serve", "--port="},
                new String[] {"serve", "--port", "1", "--port", "2"},
                new String[] {"serve", "--timings", "--timings"},
                new String[] {"serve", "--timings=true"},
                new String[] {"serve", "--host", "--port", "1"},
                new String[] {"serve", "@args.txt"},
                new String[] {"serve", "--config", "@args.txt"},
                new String[] {"serve", "--data-dir", "a\0b"},
                new String[] {"serve", "--frobnicate"},
                new String[] {"serve", "extra"},
                new String[] {"serve", "--", "--port", "1"},
                new String[] {"keys", "list"});
        for (String[] args : toPicocli) {
            assertThat(ServeCommand.parsePlain(args)).as(String.join(" ", args)).isEmpty();
        }
    }

    @Test
    void randomArgumentListsThePlainParserAcceptsParseTheSameWithPicocli() {
        String[] tokens = {
            "--config",
            "--host",
            "--port",
            "--data-dir",
            "--timings",
            "--accept-audit-damage",
            "--help",
            "-h",
            "-V",
            "--port=1",
            "--host=h",
            "--config=c.yaml",
            "--data-dir=d",
            "8080",
            "0",
            "x",
            "-1",
            "@f",
            "",
            "a=b",
            "--",
            "--timings=false",
            "help",
            "1e3",
            "+5"
        };
        Random random = new Random(20261205);
        int accepted = 0;
        for (int n = 0; n < 5000; n++) {
            List<String> args = new ArrayList<>(List.of("serve"));
            for (int k = random.nextInt(6); k > 0; k--) {
                args.add(tokens[random.nextInt(tokens.length)]);
            }
            String[] argv = args.toArray(String[]::new);
            Optional<ServeCommand> fast = ServeCommand.parsePlain(argv);
            if (fast.isPresent()) {
                accepted++;
                assertThat(Optional.of(options(fast.get())))
                        .as(String.join(" ", argv))
                        .isEqualTo(viaPicocli(argv));
            }
        }
        assertThat(accepted).isGreaterThan(200);
    }

    @Test
    void aFailingPlainServeReportsLikePicocliWithTheSameExitCode() {
        String[] args = {"serve", "--config", "/nonexistent-dir/lukhas.yaml", "--port", "0"};
        assertThat(ServeCommand.parsePlain(args)).isPresent();
        java.io.StringWriter fastErr = new java.io.StringWriter();
        int fastExit = LukhasCli.run(
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(fastErr, true), args);
        LukhasCliTest.Run viaPicocli = LukhasCliTest.run(args);
        assertThat(fastExit).isEqualTo(viaPicocli.exit()).isEqualTo(2);
        assertThat(fastErr.toString())
                .isEqualTo(viaPicocli.err())
                .startsWith("lukhas serve: configuration: ")
                .contains("/nonexistent-dir/lukhas.yaml");
    }
}
