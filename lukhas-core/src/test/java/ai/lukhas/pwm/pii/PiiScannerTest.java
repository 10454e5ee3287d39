package ai.lukhas.pwm.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiiScannerTest {
    private final PiiScanner pii = PiiScanner.standard();

    private List<PiiKind> kinds(String text) {
        return pii.scan(text).stream().map(PiiFinding::kind).toList();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "write to jane.doe+work@example.co.uk today | EMAIL",
                "call +44 20 7946 0958 now | PHONE",
                "call (201) 555-0123 now | PHONE",
                "card 4111 1111 1111 1111 exp | PAYMENT_CARD",
                "card 5555-5555-5555-4444 | PAYMENT_CARD",
                "amex 378282246310005 | PAYMENT_CARD",
                "iban GB82 WEST 1234 5698 7654 32 ok | IBAN",
                "iban DE89370400440532013000 | IBAN",
                "key sk-proj-AbCdEfGhIjKlMnOpQrStUvWx1234 | OPENAI_KEY",
                "aws AKIAIOSFODNN7EXAMPLE here | AWS_ACCESS_KEY",
                "gh ghp_abcdefghijklmnopqrstuvwxyz0123456789AB | GITHUB_TOKEN",
                "pat github_pat_11ABCDEFG0123456789_abcdefghijk | GITHUB_TOKEN",
                "slack xoxb-1234567890-abcdefghij | SLACK_TOKEN",
                "google AIzaSyA1234567890abcdefghijklmnopqrstuv | GOOGLE_API_KEY",
                "stripe sk_live_abcdefghijklmnop1234 | STRIPE_KEY",
                "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U | JWT",
                "Authorization: Bearer abcdefghijklmnop.qrstuv | BEARER_TOKEN",
                "our key lk_0123456789ab_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ | LUKHAS_KEY",
                "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | AWS_SECRET_KEY",
                "gitlab glpat-xYz12AbC3dEf4GhI5jKl here | GITLAB_TOKEN",
                "npm npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 set | NPM_TOKEN",
                "hf hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567 set | HUGGINGFACE_TOKEN",
                "sg SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ ok | SENDGRID_KEY",
            })
    void detectsEachKind(String text, PiiKind expected) {
        assertThat(kinds(text)).containsExactly(expected);
    }

    @Test
    void detectsAPemPrivateKeyEvenWhenTruncated() {
        String full = "x\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nabc\n-----END RSA PRIVATE KEY-----\ny";
        assertThat(pii.mask(full)).isEqualTo("x\n[REDACTED:PRIVATE_KEY]\ny");
        String cut = "x\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0";
        assertThat(pii.mask(cut)).isEqualTo("x\n[REDACTED:PRIVATE_KEY]");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "order 4111 1111 1111 1112 shipped", // fails Luhn
                "id 1234567890123456", // no issuer prefix, fails Luhn
                "iban GB82 WEST 1234 5698 7654 33", // wrong mod-97
                "version 1.2.3 released on 2026-11-22",
                "email me at jane at example dot com",
                "sk-short",
                "the task-list says risk-management",
                "room 4021, floor 3",
            })
    void nearMissesAreNotFlagged(String text) {
        assertThat(pii.scan(text)).isEmpty();
        assertThat(pii.containsAny(text)).isFalse();
    }

    @Test
    void masksEveryFindingInPlaceAndKeepsTheRest() {
        String text = "Hi, I'm jane@example.com, card 4111111111111111, key sk-abcdefghijklmnopqrstuvwx.";
        assertThat(pii.mask(text))
                .isEqualTo("Hi, I'm [REDACTED:EMAIL], card [REDACTED:PAYMENT_CARD], key [REDACTED:OPENAI_KEY].");
    }

    @Test
    void theLongestOverlappingSpanWins() {
        // a card number also contains runs libphonenumber could read as a phone number
        assertThat(kinds("pay with 4012888888881881 please")).containsExactly(PiiKind.PAYMENT_CARD);
    }

    @Test
    void kindsSayWhetherTheyAreSecrets() {
        assertThat(PiiKind.EMAIL.isSecret()).isFalse();
        assertThat(PiiKind.OPENAI_KEY.isSecret()).isTrue();
        assertThat(PiiKind.PAYMENT_CARD.label()).isEqualTo("PAYMENT_CARD");
    }

    @Test
    void aUuidWhoseFirstGroupsReadAsAPhoneNumberIsAnIdNotAPhone() {
        // 629-541-1745 is a valid US number; inside a UUID (an incident id, a session id) it is an id
        assertThat(kinds("incident 62954117-45f6-4990-afe1-d753e8a175fe opened"))
                .isEmpty();
        assertThat(kinds("s-62954117-45f6-4990-afe1-d753e8a175fe")).isEmpty();
        assertThat(kinds("call 629-541-1745 today")).containsExactly(PiiKind.PHONE);
        assertThat(kinds("call 62954117-45 today")).containsExactly(PiiKind.PHONE);
    }

    @Test
    void phoneRegionIsConfigurableAndValidated() {
        assertThat(PiiScanner.forPhoneRegion("gb").scan("ring 020 7946 0958"))
                .extracting(PiiFinding::kind)
                .containsExactly(PiiKind.PHONE);
        assertThatThrownBy(() -> PiiScanner.forPhoneRegion("XX"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'XX'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "u-1 4111111111111111",
                "key AKIAABCDEFGHIJKLMN17 4111111111111111 end",
                "order 12 4111 1111 1111 1111 shipped",
                "ref 2026-4111-1111-1111-1111",
            })
    void regressionACardAfterAnotherDigitGroupIsStillFound(String text) {
        assertThat(pii.mask(text)).doesNotContain("4111111111111111").doesNotContain("4111 1111 1111 1111");
        assertThat(pii.mask(text)).contains("[REDACTED:PAYMENT_CARD]");
    }

    @Test
    void regressionAnIbanFollowedByAnUpperCaseWordIsStillFound() {
        assertThat(pii.mask("iban GB82 WEST 1234 5698 7654 32 OK thanks")).isEqualTo("iban [REDACTED:IBAN] OK thanks");
        assertThat(pii.mask("DE89370400440532013000 AND MORE")).isEqualTo("[REDACTED:IBAN] AND MORE");
    }
}
