package ai.lukhas.pwm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the core's packages in the documented layers (docs/architecture.md): a package depends only
 * on packages of lower layers, never on one of its own layer or above, and never on the server.
 */
class LayeringTest {
    /** Layer 0 first. Packages that do not exist yet are listed so the rule holds as they arrive. */
    static final List<List<String>> LAYERS = List.of(
            List.of("check", "text"),
            List.of("expr", "flags", "pii", "store"),
            List.of("modulation", "feedback", "audit", "memory", "provider"),
            List.of("governance"),
            List.of("pipeline"));

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ai.lukhas.pwm");

    @Test
    void packagesDependOnlyOnLowerLayers() {
        for (int layer = 0; layer < LAYERS.size(); layer++) {
            for (String pkg : LAYERS.get(layer)) {
                List<String> forbidden = new ArrayList<>();
                for (int other = layer; other < LAYERS.size(); other++) {
                    for (String p : LAYERS.get(other)) {
                        if (!p.equals(pkg)) {
                            forbidden.add("ai.lukhas.pwm." + p + "..");
                        }
                    }
                }
                noClasses()
                        .that()
                        .resideInAPackage("ai.lukhas.pwm." + pkg + "..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(forbidden.toArray(String[]::new))
                        .allowEmptyShould(true)
                        .because("package '" + pkg + "' is in layer " + layer + " (docs/architecture.md)")
                        .check(CORE);
            }
        }
    }

    @Test
    void coreNeverDependsOnTheServerOrCli() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ai.lukhas.pwm.server..", "ai.lukhas.pwm.cli..", "io.javalin..", "picocli..")
                .because("lukhas-core is a library usable without the HTTP server")
                .check(CORE);
    }
}
