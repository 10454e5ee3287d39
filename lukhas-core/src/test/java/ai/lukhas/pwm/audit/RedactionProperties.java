package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.arbitraries.StringArbitrary;

/**
 * Redaction is a property, not a hope: whatever the shape of the bundle and wherever secrets sit in it
 * (string values, inside longer text, object keys, JSON numbers, top-level fields, values under
 * sensitive keys), none of the secret strings reaches any file in the audit directory.
 */
class RedactionProperties {
    /** A secret and what must never appear in the files; {@code keyed} ones go under a sensitive key. */
    record Secret(String text, boolean keyed, boolean numeric) {}

    private static final List<String> SENSITIVE_KEYS = List.of(
            "password",
            "db_password",
            "X-Api-Key",
            "apiKey",
            "refreshToken",
            "Authorization",
            "session_cookie",
            "client_secret",
            "user_email",
            "SSN",
            "phone");

    @Provide
    Arbitrary<Secret> secrets() {
        StringArbitrary alnum = Arbitraries.strings().alpha().numeric();
        Arbitrary<Secret> openai = alnum.ofMinLength(24).ofMaxLength(40).map(s -> new Secret("sk-" + s, false, false));
        Arbitrary<Secret> email = Combinators.combine(
                        Arbitraries.strings()
                                .withCharRange('a', 'z')
                                .ofMinLength(3)
                                .ofMaxLength(10),
                        Arbitraries.strings()
                                .withCharRange('a', 'z')
                                .ofMinLength(3)
                                .ofMaxLength(8),
                        Arbitraries.of("com", "org", "io", "de"))
                .as((u, d, tld) -> new Secret(u + "@" + d + "." + tld, false, false));
        Arbitrary<Secret> card = Combinators.combine(
                        Arbitraries.of("4", "51", "55", "37"),
                        Arbitraries.strings().numeric().ofLength(13),
                        Arbitraries.of(false, true))
                .as((prefix, body, numeric) ->
                        new Secret(luhnComplete(prefix + body.substring(prefix.length() - 1)), false, numeric));
        Arbitrary<Secret> aws = Arbitraries.strings()
                .withCharRange('A', 'Z')
                .numeric()
                .ofLength(16)
                .map(s -> new Secret("AKIA" + s, false, false));
        Arbitrary<Secret> jwt = Combinators.combine(
                        alnum.ofMinLength(10).ofMaxLength(30),
                        alnum.ofMinLength(10).ofMaxLength(30),
                        alnum.ofMinLength(10).ofMaxLength(30))
                .as((h, p, sig) -> new Secret("eyJ" + h + ".eyJ" + p + "." + sig, false, false));
        Arbitrary<Secret> keyed = alnum.ofMinLength(14).ofMaxLength(24).map(s -> new Secret("Zq" + s, true, false));
        return Arbitraries.oneOf(openai, email, card, aws, jwt, keyed);
    }

    @Provide
    Arbitrary<List<Secret>> secretLists() {
        return secrets().list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        return tree(3);
    }

    private Arbitrary<JsonNode> tree(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                // digits, spaces and dashes too, so secrets land right after other digit groups
                Arbitraries.strings()
                        .withChars("abcXYZ0123456789 -")
                        .ofMaxLength(8)
                        .map(TextNode::valueOf),
                Arbitraries.integers().between(-1000, 1000).map(IntNode::valueOf),
                Arbitraries.doubles().between(-10, 10).map(DoubleNode::valueOf),
                Arbitraries.just(NullNode.getInstance()),
                Arbitraries.just(BooleanNode.TRUE));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> object = Arbitraries.maps(
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6), tree(depth - 1))
                .ofMaxSize(4)
                .map(m -> {
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    m.forEach(o::set);
                    return o;
                });
        Arbitrary<JsonNode> array = tree(depth - 1).list().ofMaxSize(4).map(l -> {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            l.forEach(a::add);
            return a;
        });
        return Arbitraries.frequencyOf(Tuple.of(3, leaf), Tuple.of(2, object), Tuple.of(2, array));
    }

    @Property(tries = 200)
    void noInjectedSecretReachesAnyAuditFile(
            @ForAll("trees") JsonNode request,
            @ForAll("trees") JsonNode toolCalls,
            @ForAll("trees") JsonNode moderation,
            @ForAll("secretLists") List<Secret> secrets,
            @ForAll long seed)
            throws IOException {
        assertNoSecretStored(
                new JsonNode[] {request.deepCopy(), toolCalls.deepCopy(), moderation.deepCopy()}, secrets, seed);
    }

    /**
     * As above with secrets in every JSON part of a bundle (request and messages, signals, modulation,
     * tools offered, tool calls with arguments and outputs, moderation, incidents, usage) and in its
     * top-level fields: all of them go through the one canonical writer and its byte output.
     */
    @Property(tries = 200)
    void noSecretInAnyPartOfABundleReachesAnyAuditFile(
            @ForAll("trees") JsonNode request,
            @ForAll("trees") JsonNode signals,
            @ForAll("trees") JsonNode modulation,
            @ForAll("trees") JsonNode toolsOffered,
            @ForAll("trees") JsonNode toolCalls,
            @ForAll("trees") JsonNode moderation,
            @ForAll("trees") JsonNode incidents,
            @ForAll("trees") JsonNode usage,
            @ForAll("secretLists") List<Secret> secrets,
            @ForAll long seed)
            throws IOException {
        JsonNode[] parts = {request, signals, modulation, toolsOffered, toolCalls, moderation, incidents, usage};
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].deepCopy();
        }
        assertNoSecretStored(parts, secrets, seed);
    }

    /** Splices the secrets into the parts (3: request, tool calls, moderation; 8: every part) and appends. */
    private static void assertNoSecretStored(JsonNode[] parts, List<Secret> secrets, long seed) throws IOException {
        Random random = new Random(seed);
        // Secrets are spliced next to arbitrary text, digits included (regression: a card number after
        // another digit group, e.g. "u-1 4111...", used to escape PiiScanner).
        String[] topLevel = {"acme", "session", "user", "openai", "gptx"};
        for (Secret s : secrets) {
            int where = random.nextInt(parts.length + 1);
            if (where == parts.length && !s.keyed() && !s.numeric()) {
                int f = random.nextInt(topLevel.length);
                topLevel[f] = topLevel[f] + " and " + s.text();
            } else {
                int p = random.nextInt(parts.length);
                parts[p] = inject(parts[p], s, random);
            }
        }
        Path dir = Files.createTempDirectory("audit-redaction");
        try {
            try (AuditLog log = AuditLog.open(
                    AuditLogConfig.defaults(dir).withDurability(Durability.OS), Fixtures.redactor(), Fixtures.CLOCK)) {
                AuditBundle.Builder b = log.newBundle()
                        .tenant(topLevel[0])
                        .session(topLevel[1])
                        .user(topLevel[2])
                        .provider(topLevel[3])
                        .model(topLevel[4]);
                if (parts.length == 3) {
                    b.request(parts[0]).toolCalls(parts[1]).moderation(parts[2]);
                } else {
                    b.request(parts[0])
                            .signals(parts[1])
                            .modulation(parts[2])
                            .toolsOffered(parts[3])
                            .toolCalls(parts[4])
                            .moderation(parts[5])
                            .incidents(parts[6])
                            .usage(parts[7]);
                }
                log.append(b.build());
            }
            StringBuilder everything = new StringBuilder();
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    everything.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                }
            }
            for (Secret s : secrets) {
                assertThat(everything.toString()).as("secret %s", s).doesNotContain(s.text());
            }
            // Whatever the shape, the spliced line is canonical and its hash verifies.
            assertThat(AuditVerifier.verify(dir).intact()).isTrue();
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    /** Puts the secret somewhere in the tree: a new value, inside existing text, as a key, as a number. */
    private static JsonNode inject(JsonNode root, Secret s, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(root, containers);
        if (containers.isEmpty()) {
            ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
            wrapper.set("v", root);
            root = wrapper;
            containers.add(wrapper);
        }
        JsonNode target = containers.get(random.nextInt(containers.size()));
        JsonNode value = s.numeric()
                ? LongNode.valueOf(Long.parseLong(s.text()))
                : TextNode.valueOf(random.nextBoolean() ? s.text() : "see " + s.text() + " here");
        if (target instanceof ObjectNode o) {
            if (s.keyed()) {
                o.put(SENSITIVE_KEYS.get(random.nextInt(SENSITIVE_KEYS.size())), s.text());
            } else if (!s.numeric() && random.nextInt(4) == 0) {
                o.put(s.text(), "value");
            } else {
                List<Map.Entry<String, JsonNode>> texts = new ArrayList<>();
                o.properties().forEach(e -> {
                    if (e.getValue().isTextual()) {
                        texts.add(e);
                    }
                });
                if (!texts.isEmpty() && !s.numeric() && random.nextBoolean()) {
                    Map.Entry<String, JsonNode> e = texts.get(random.nextInt(texts.size()));
                    o.put(e.getKey(), e.getValue().asText() + " " + s.text() + " end");
                } else {
                    o.set("k" + random.nextInt(1000), value);
                }
            }
        } else if (target instanceof ArrayNode a) {
            if (s.keyed()) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put(SENSITIVE_KEYS.get(random.nextInt(SENSITIVE_KEYS.size())), s.text());
                a.add(o);
            } else {
                a.insert(a.isEmpty() ? 0 : random.nextInt(a.size() + 1), value);
            }
        }
        return root;
    }

    private static void collectContainers(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            for (JsonNode child : node) {
                collectContainers(child, out);
            }
        }
    }

    /**
     * Appends the Luhn check digit. An oracle kept apart from the checker it tests ({@code
     * pii.Checksums.luhn}): written another way (a table of doubled digits, read left to right), so
     * that a mistake in one is not repeated in the other.
     */
    static String luhnComplete(String digits) {
        int[] doubled = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};
        int n = digits.length();
        int sum = 0;
        for (int i = 0; i < n; i++) {
            int d = digits.charAt(i) - '0';
            // counted from the check digit to come, the digits an odd distance away are doubled
            sum += (n - i) % 2 == 1 ? doubled[d] : d;
        }
        return digits + (10 - sum % 10) % 10;
    }
}
