package ai.lukhas.pwm.governance.tools;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.fasterxml.jackson.databind.JsonNode;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Invariant 4 by construction: in the core's main code, only {@link ToolGate} calls {@link
 * ToolExecutor#execute}, so no other path can run a tool without the call-time checks.
 */
class ToolGateIsTheOnlyPathTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ai.lukhas.pwm");

    @Test
    void onlyTheGateCallsAnExecutor() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(ToolGate.class.getName())
                .should()
                .callMethod(ToolExecutor.class, "execute", JsonNode.class, ToolContext.class)
                .because("ToolGate is the only path from a model's tool call to an executor (invariant 4)")
                .check(CORE);
    }

    @Test
    void theRuleSeesTheGatesOwnCall() {
        // guards the rule above against passing vacuously (e.g. if the lambda moved to another class)
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .that()
                .haveFullyQualifiedName(ToolGate.class.getName())
                .should()
                .callMethod(ToolExecutor.class, "execute", JsonNode.class, ToolContext.class)
                .check(CORE);
    }
}
