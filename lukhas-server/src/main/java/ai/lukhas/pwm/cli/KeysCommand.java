package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.server.auth.ApiKey;
import ai.lukhas.pwm.server.auth.ApiKeyStore;
import ai.lukhas.pwm.server.auth.IssuedKey;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.store.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Create, list and revoke API keys (stored hashed in the data directory).",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {
    static <T> T withStore(DataDirOption dir, Function<ApiKeyStore, T> work) {
        try (Database db = Database.sqlite(dir.dataDirectory().database())) {
            return work.apply(ApiKeyStore.open(db, Clock.systemUTC()));
        }
    }

    static Map<String, Object> describe(ApiKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        m.put("role", k.role().wireName());
        m.put("tenant", k.tenant());
        m.put("label", k.label());
        m.put("created_at", k.createdAt().toString());
        m.put("revoked_at", k.revokedAt().map(Object::toString).orElse(null));
        return m;
    }

    /** A subcommand on the key store: where it is ({@link DataDirOption}), where to print, standard help. */
    @Command(mixinStandardHelpOptions = true)
    abstract static class OnTheKeys extends CliCommand implements Runnable {
        @Mixin
        DataDirOption dir;
    }

    @Command(name = "create", description = "Create a key and print its token once.")
    static final class Create extends OnTheKeys {

        @Option(names = "--role", required = true, paramLabel = "client|admin", description = "client or admin.")
        String role;

        @Mixin
        TenantOption tenant;

        @Option(names = "--label", paramLabel = "TEXT", description = "A note for humans, e.g. who holds the key.")
        String label = "";

        @Mixin
        JsonOption json;

        @Override
        public void run() {
            Role r;
            try {
                r = Role.parse(role);
            } catch (IllegalArgumentException e) {
                throw CliException.badInput("--role: " + e.getMessage());
            }
            IssuedKey issued;
            try {
                issued = withStore(dir, keys -> keys.issue(r, tenant.tenantId().value(), label));
            } catch (IllegalArgumentException e) {
                throw CliException.badInput(e.getMessage());
            }
            json.print(
                    out(),
                    () -> {
                        Map<String, Object> m = describe(issued.key());
                        m.put("token", issued.token());
                        return m;
                    },
                    out -> {
                        out.printf(
                                "created %s key %s for tenant %s%n",
                                r.wireName(), issued.key().id(), issued.key().tenant());
                        out.printf("token (shown once, store it now): %s%n", issued.token());
                    });
        }
    }

    @Command(name = "list", description = "List keys (never their tokens).")
    static final class ListKeys extends OnTheKeys {

        @Mixin
        JsonOption json;

        @Override
        public void run() {
            List<ApiKey> keys = withStore(dir, ApiKeyStore::list);
            json.print(
                    out(),
                    () -> Map.of(
                            "keys", keys.stream().map(KeysCommand::describe).toList()),
                    out -> table(out, keys));
        }

        private static void table(PrintWriter out, List<ApiKey> keys) {
            if (keys.isEmpty()) {
                out.println("no keys; create one with 'lukhas keys create --role admin'");
                return;
            }
            out.printf("%-12s  %-6s  %-16s  %-24s  %s%n", "ID", "ROLE", "TENANT", "CREATED", "STATUS");
            for (ApiKey k : keys) {
                out.printf(
                        "%-12s  %-6s  %-16s  %-24s  %s%n",
                        k.id(),
                        k.role().wireName(),
                        k.tenant(),
                        k.createdAt(),
                        k.revokedAt().map(t -> "revoked " + t).orElse("active"));
            }
        }
    }

    @Command(name = "revoke", description = "Revoke a key by id.")
    static final class Revoke extends OnTheKeys {

        @Parameters(paramLabel = "ID", description = "The key id shown by 'keys list'.")
        String id;

        @Override
        public void run() {
            if (!withStore(dir, keys -> keys.revoke(id))) {
                throw new CliException(1, "no active key with id '" + id + "' (see 'lukhas keys list')");
            }
            out().printf("revoked %s%n", id);
        }
    }
}
