package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.store.TenantId;
import picocli.CommandLine.Option;

/**
 * {@code --tenant}, shared by every command that reads or writes tenant data (memory, feedback,
 * colony, backfill): the command acts on that one tenant's data only. A single-tenant deployment
 * never names one and gets {@code default}.
 */
final class TenantOption {
    @Option(
            names = "--tenant",
            paramLabel = "NAME",
            description = "Tenant whose data the command reads or writes (default: ${DEFAULT-VALUE}).")
    String tenant = TenantId.DEFAULT.value();

    /** The named tenant; a malformed name is bad input. */
    TenantId tenantId() {
        try {
            return TenantId.of(tenant);
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("--tenant: " + e.getMessage());
        }
    }
}
