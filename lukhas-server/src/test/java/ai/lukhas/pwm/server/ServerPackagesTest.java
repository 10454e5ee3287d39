package ai.lukhas.pwm.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import ai.lukhas.pwm.server.http.Routes;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * Keeps lukhas-server's packages acyclic (docs/architecture.md, Server): {@code cli} and the
 * composition root {@code server} on top; {@code server.api} and {@code server.openapi} (route groups)
 * below them; {@code server.auth} and {@code server.config} below those; {@code server.http} (routes,
 * problems) at the bottom. A route group takes its collaborators as constructor arguments and never
 * reaches into another route group.
 */
class ServerPackagesTest {
    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ai.lukhas.pwm.server", "ai.lukhas.pwm.cli");

    /** Each server or cli package is a slice of its own (the parent {@code server} package too). */
    private static final SliceAssignment BY_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            boolean ours = p.equals("ai.lukhas.pwm.server")
                    || p.startsWith("ai.lukhas.pwm.server.")
                    || p.equals("ai.lukhas.pwm.cli")
                    || p.startsWith("ai.lukhas.pwm.cli.");
            return ours ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "each package of lukhas-server";
        }
    };

    @Test
    void serverPackagesAreFreeOfCycles() {
        slices().assignedFrom(BY_PACKAGE)
                .should()
                .beFreeOfCycles()
                .because("the composition root wires route groups; route groups must not need it back")
                .check(SERVER);
    }

    @Test
    void routeGroupsNeverReachIntoOtherRouteGroups() {
        classes()
                .that(belongToARouteGroup())
                .should(notDependOnAnotherRouteGroup())
                .because("shared concerns live in RouteSupport, not in another resource's routes")
                .check(SERVER);
    }

    /** The class itself or the class it is nested in implements {@link Routes}. */
    private static JavaClass routeGroupOf(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return !top.isInterface() && top.isAssignableTo(Routes.class) ? top : null;
    }

    private static DescribedPredicate<JavaClass> belongToARouteGroup() {
        return DescribedPredicate.describe("belong to a route group", c -> routeGroupOf(c) != null);
    }

    private static ArchCondition<JavaClass> notDependOnAnotherRouteGroup() {
        return new ArchCondition<>("not depend on another route group") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                JavaClass own = routeGroupOf(c);
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    JavaClass target = routeGroupOf(d.getTargetClass());
                    if (target != null && !target.equals(own)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }
}
