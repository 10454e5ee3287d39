package ai.lukhas.pwm.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data and secrets in text and masks them. Thread-safe; build one and reuse it.
 *
 * <p>Detectors are real validators, not keyword lists: e-mail syntax, phone numbers through Google's
 * libphonenumber (valid numbers for the default region, and any number written with a {@code +}
 * country code), payment cards by issuer prefix and Luhn digit, IBANs by country length and mod-97,
 * and the published formats of OpenAI, AWS, GitHub, Slack, Google and Stripe keys, JWTs, PEM private
 * keys, bearer tokens and our own API keys. Where spans overlap, the longest wins.
 *
 * <pre>{@code
 * PiiScanner pii = PiiScanner.standard();
 * pii.mask("key sk-abcdefghijklmnopqrstuv, mail a@b.io"); // "key [REDACTED:OPENAI_KEY], mail [REDACTED:EMAIL]"
 * }</pre>
 */
public final class PiiScanner {
    private record Detector(PiiKind kind, Pattern pattern) {}

    private static final List<Detector> SECRET_DETECTORS = List.of(
            new Detector(
                    PiiKind.PRIVATE_KEY,
                    Pattern.compile(
                            "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\\s\\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[\\s\\S]*)")),
            new Detector(PiiKind.OPENAI_KEY, Pattern.compile("(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}")),
            new Detector(
                    PiiKind.AWS_ACCESS_KEY,
                    Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])")),
            new Detector(
                    PiiKind.GITHUB_TOKEN,
                    Pattern.compile("(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})")),
            new Detector(PiiKind.SLACK_TOKEN, Pattern.compile("(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}")),
            new Detector(PiiKind.GOOGLE_API_KEY, Pattern.compile("(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}")),
            new Detector(
                    PiiKind.STRIPE_KEY,
                    Pattern.compile("(?<![A-Za-z0-9_])(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}")),
            new Detector(
                    PiiKind.JWT,
                    Pattern.compile(
                            "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}")),
            new Detector(PiiKind.BEARER_TOKEN, Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]{16,}")),
            new Detector(PiiKind.LUKHAS_KEY, Pattern.compile("(?<![A-Za-z0-9_])lk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")));

    private static final Pattern EMAIL =
            Pattern.compile("(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,}(?![A-Za-z0-9-])");
    /** 13-19 digits, optionally grouped by single spaces or dashes. */
    private static final Pattern CARD_CANDIDATE = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");
    /** Country code, check digits, then 11-30 alphanumerics, optionally in groups of four. */
    private static final Pattern IBAN_CANDIDATE =
            Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])");

    private static final PiiScanner STANDARD = new PiiScanner("US");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    private PiiScanner(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    /** The scanner with all detectors; phone numbers without a country code are read as US numbers. */
    public static PiiScanner standard() {
        return STANDARD;
    }

    /**
     * A scanner reading phone numbers without a {@code +} country code as numbers of {@code region}
     * (ISO 3166 alpha-2, e.g. {@code "GB"}).
     */
    public static PiiScanner forPhoneRegion(String region) {
        Objects.requireNonNull(region, "region");
        String r = region.toUpperCase(Locale.ROOT);
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(r)) {
            throw new IllegalArgumentException(
                    "phone region must be an ISO 3166 alpha-2 code libphonenumber knows, but was '" + region + "'");
        }
        return new PiiScanner(r);
    }

    /** All findings, ordered by position, never overlapping. */
    public List<PiiFinding> scan(CharSequence text) {
        Objects.requireNonNull(text, "text");
        List<PiiFinding> found = new ArrayList<>();
        for (Detector d : SECRET_DETECTORS) {
            Matcher m = d.pattern().matcher(text);
            while (m.find()) {
                found.add(new PiiFinding(d.kind(), m.start(), m.end()));
            }
        }
        if (indexOf(text, '@') >= 0) {
            Matcher m = EMAIL.matcher(text);
            while (m.find()) {
                found.add(new PiiFinding(PiiKind.EMAIL, m.start(), m.end()));
            }
        }
        if (countDigits(text) >= 7) {
            scanNumbers(text, found);
        }
        return resolveOverlaps(found);
    }

    /** {@code text} with every finding replaced by {@code [REDACTED:<LABEL>]}. */
    public String mask(String text) {
        List<PiiFinding> findings = scan(text);
        if (findings.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (PiiFinding f : findings) {
            out.append(text, at, f.start())
                    .append("[REDACTED:")
                    .append(f.kind().label())
                    .append(']');
            at = f.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** Whether {@code text} holds any personal data or secret. */
    public boolean containsAny(CharSequence text) {
        return !scan(text).isEmpty();
    }

    private void scanNumbers(CharSequence text, List<PiiFinding> found) {
        Matcher card = CARD_CANDIDATE.matcher(text);
        while (card.find()) {
            if (Checksums.paymentCard(card.group().replaceAll("[ -]", ""))) {
                found.add(new PiiFinding(PiiKind.PAYMENT_CARD, card.start(), card.end()));
            }
        }
        Matcher iban = IBAN_CANDIDATE.matcher(text);
        while (iban.find()) {
            if (Checksums.iban(iban.group().replace(" ", ""))) {
                found.add(new PiiFinding(PiiKind.IBAN, iban.start(), iban.end()));
            }
        }
        for (PhoneNumberMatch m :
                phones.findNumbers(text, defaultRegion, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
            found.add(new PiiFinding(PiiKind.PHONE, m.start(), m.end()));
        }
    }

    /** Longest span first, then earliest; keep what does not overlap anything kept. */
    private static List<PiiFinding> resolveOverlaps(List<PiiFinding> found) {
        if (found.size() < 2) {
            return found;
        }
        found.sort(Comparator.comparingInt(PiiFinding::length).reversed().thenComparingInt(PiiFinding::start));
        List<PiiFinding> kept = new ArrayList<>(found.size());
        for (PiiFinding f : found) {
            boolean overlaps = false;
            for (PiiFinding k : kept) {
                if (f.start() < k.end() && k.start() < f.end()) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                kept.add(f);
            }
        }
        kept.sort(Comparator.comparingInt(PiiFinding::start));
        return kept;
    }

    private static int indexOf(CharSequence text, char c) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static int countDigits(CharSequence text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                n++;
            }
        }
        return n;
    }
}
