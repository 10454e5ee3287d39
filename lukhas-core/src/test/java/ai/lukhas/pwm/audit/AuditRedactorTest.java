package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditRedactorTest {
    private final AuditRedactor redactor = AuditRedactor.standard();

    @Test
    void sensitiveKeysAreRedactedIgnoringCaseSeparatorsAndAsPrefixOrSuffix() {
        JsonNode out = redactor.redact(Fixtures.json("""
                {"Authorization":"Bearer abc","X-Api-Key":"k1","apiKey":"k2","OPENAI_API_KEY":"k3",
                 "password_hash":"h","db_password":"p","refreshToken":{"nested":"object"},"Cookie":["a","b"],
                 "user_email":"x","SSN":"1","max_tokens":100,"prompt_tokens":7,"tokenizer":"cl100k","q":"weather"}
                """));
        for (String key : List.of(
                "Authorization",
                "X-Api-Key",
                "apiKey",
                "OPENAI_API_KEY",
                "password_hash",
                "db_password",
                "refreshToken",
                "Cookie",
                "user_email",
                "SSN")) {
            assertThat(out.path(key).asText()).as(key).isEqualTo(AuditRedactor.REDACTED);
        }
        assertThat(out.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(out.path("prompt_tokens").asInt()).isEqualTo(7);
        assertThat(out.path("tokenizer").asText()).isEqualTo("cl100k");
        assertThat(out.path("q").asText()).isEqualTo("weather");
    }

    @Test
    void valuesAreMaskedRecursivelyThroughObjectsAndArrays() {
        JsonNode out = redactor.redact(Fixtures.json("""
                {"messages":[{"role":"user","content":"mail me at alice@example.com, key sk-abcdefghijklmnopqrstuvwx"}],
                 "card":4111111111111111,"alice@example.com":"key that is an address"}
                """));
        assertThat(out.path("messages").get(0).path("content").asText())
                .isEqualTo("mail me at [REDACTED:EMAIL], key [REDACTED:OPENAI_KEY]");
        assertThat(out.path("card").asText()).isEqualTo("[REDACTED:PAYMENT_CARD]");
        assertThat(out.has("[REDACTED:EMAIL]")).isTrue();
    }

    @Test
    void keyRulesAreConfigurable() {
        List<KeyRule> rules = new ArrayList<>(KeyRule.DEFAULTS);
        rules.add(KeyRule.exact("customer_ref"));
        AuditRedactor custom = AuditRedactor.withKeyRules(rules);
        JsonNode out = custom.redact(Fixtures.json("{\"Customer-Ref\":\"C-77\",\"customer_reference\":\"R\"}"));
        assertThat(out.path("Customer-Ref").asText()).isEqualTo(AuditRedactor.REDACTED);
        assertThat(out.path("customer_reference").asText()).isEqualTo("R");
        assertThatThrownBy(() -> KeyRule.suffix("__"))
                .hasMessageContaining("key rule name must contain a letter or digit");
    }

    @Test
    void generatedTopLevelFieldsAreNeverMasked() {
        AuditBundle b = AuditBundle.builder("01a2b3c4-0000-7000-8000-123456789012", Fixtures.CLOCK.instant())
                .user("bob@example.com")
                .build();
        RecordCodec.Prepared stored = RecordCodec.prepare(b, redactor);
        var json = Fixtures.json(new String(stored.bytes(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(json.path("audit_id").asText()).isEqualTo(b.auditId());
        assertThat(json.path("ts").asText()).isEqualTo(b.ts().toString());
        assertThat(json.path("user").asText()).isEqualTo("[REDACTED:EMAIL]");
    }

    @Test
    void onlyCleanStringsAreRememberedSoSecretsAreScannedEveryTime() {
        java.util.concurrent.atomic.AtomicInteger scans = new java.util.concurrent.atomic.AtomicInteger();
        AuditRedactor counting = new AuditRedactor(KeyRule.DEFAULTS, s -> {
            scans.incrementAndGet();
            return ai.lukhas.pwm.pii.PiiScanner.standard().mask(s);
        });
        JsonNode clean = Fixtures.json("[\"the weather\", \"the weather\", \"ok\"]");
        counting.redact(clean);
        assertThat(scans.get())
                .as("repeated clean text is scanned once; short text never")
                .isEqualTo(1);
        JsonNode secret = Fixtures.json("[\"to bob@example.com\", \"to bob@example.com\"]");
        JsonNode out = counting.redact(secret);
        assertThat(scans.get()).isEqualTo(3);
        assertThat(out.get(1).asText()).isEqualTo("to [REDACTED:EMAIL]");
    }

    /**
     * Two keys that mask alike must not be stored as a duplicate key: the record would not survive the
     * verifier's parse-and-rewrite. The last one wins, as in a JSON object built key by key.
     */
    @Test
    void keysThatMaskAlikeAreStoredOnceAndTheRecordVerifies(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (AuditLog log = Fixtures.open(dir)) {
            AuditReceipt r = log.append(log.newBundle()
                    .request(Fixtures.json("{\"ann@example.com\":1,\"bob@example.com\":2,\"q\":\"x\"}"))
                    .outcome("ok")
                    .build());
            JsonNode request = log.find(r.auditId()).orElseThrow().bundle().request();
            assertThat(request.size()).isEqualTo(2);
            assertThat(request.path("[REDACTED:EMAIL]").asInt()).isEqualTo(2);
        }
        assertThat(AuditVerifier.verify(dir)).isInstanceOf(VerificationReport.Intact.class);
    }
}
