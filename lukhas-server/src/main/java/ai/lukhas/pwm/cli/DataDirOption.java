package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.store.DataDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}, shared by every command that reads or writes what {@code serve} stores. */
final class DataDirOption {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Data directory shared with 'serve' (default: ./.lukhas).")
    Path dataDir = DataDirectory.DEFAULT;

    DataDirectory dataDirectory() {
        return DataDirectory.of(dataDir);
    }
}
