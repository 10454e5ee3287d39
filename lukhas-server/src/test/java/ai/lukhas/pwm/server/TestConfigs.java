package ai.lukhas.pwm.server;

import ai.lukhas.pwm.server.config.ConfigLoader;
import ai.lukhas.pwm.server.config.LukhasConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Configurations tests start real gateways with. */
public final class TestConfigs {
    private TestConfigs() {}

    /** The built-in defaults over {@code dir}: data and flags file inside it, audit durability {@code os}. */
    public static LukhasConfig inDirectory(Path dir) {
        return ConfigLoader.load(
                Optional.empty(),
                Map.of(
                        "LUKHAS_DATA_DIR", dir.resolve("data").toString(),
                        "LUKHAS_AUDIT_DURABILITY", "os",
                        "LUKHAS_FLAGS_FILE", dir.resolve("flags.yaml").toString()));
    }
}
