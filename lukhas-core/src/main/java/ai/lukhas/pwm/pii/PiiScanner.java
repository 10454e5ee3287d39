package ai.lukhas.pwm.pii;

import ai.lukhas.pwm.text.GrowingText;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
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
    /**
     * A secret format and the literals one of which every match contains: the regex only runs when
     * a trigger is present, so ordinary text costs a few {@code indexOf} calls, not nine regex scans.
     */
    private record Detector(PiiKind kind, Pattern pattern, List<String> triggers, boolean ignoreCase) {
        Detector(PiiKind kind, Pattern pattern, String... triggers) {
            this(kind, pattern, List.of(triggers), false);
        }

        boolean triggeredBy(String text) {
            // Indexed, not for-each: this runs for every string audited or moderated, and the
            // iterator of an immutable list was a tenth of the audit path's allocation.
            for (int i = 0; i < triggers.size(); i++) {
                String t = triggers.get(i);
                if (ignoreCase ? containsAsciiIgnoreCase(text, t) : text.contains(t)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<Detector> SECRET_DETECTORS = List.of(
            new Detector(
                    PiiKind.PRIVATE_KEY,
                    Pattern.compile(
                            "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\\s\\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[\\s\\S]*)"),
                    "PRIVATE KEY-----"),
            new Detector(PiiKind.OPENAI_KEY, Pattern.compile("(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}"), "sk-"),
            new Detector(
                    PiiKind.AWS_ACCESS_KEY,
                    Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])"),
                    "AKIA",
                    "ASIA",
                    "ABIA",
                    "ACCA"),
            new Detector(
                    PiiKind.GITHUB_TOKEN,
                    Pattern.compile("(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})"),
                    "ghp_",
                    "gho_",
                    "ghu_",
                    "ghs_",
                    "ghr_",
                    "github_pat_"),
            new Detector(PiiKind.SLACK_TOKEN, Pattern.compile("(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}"), "xox"),
            new Detector(PiiKind.GOOGLE_API_KEY, Pattern.compile("(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}"), "AIza"),
            new Detector(
                    PiiKind.STRIPE_KEY,
                    Pattern.compile("(?<![A-Za-z0-9_])(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}"),
                    "_live_",
                    "_test_"),
            new Detector(
                    PiiKind.JWT,
                    Pattern.compile(
                            "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}"),
                    "eyJ"),
            new Detector(
                    PiiKind.BEARER_TOKEN,
                    Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]{16,}"),
                    List.of("bearer"),
                    true),
            new Detector(
                    PiiKind.LUKHAS_KEY, Pattern.compile("(?<![A-Za-z0-9_])lk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}"), "lk_"),
            new Detector(
                    PiiKind.AWS_SECRET_KEY,
                    // the 40-character secret is only told from other base64 by its label
                    Pattern.compile(
                            "(?i)\\baws_?secret_?access_?key\\s{0,3}[:=]\\s{0,3}[\"']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])"),
                    List.of("secret"),
                    true),
            new Detector(PiiKind.GITLAB_TOKEN, Pattern.compile("(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,}"), "glpat-"),
            new Detector(
                    PiiKind.NPM_TOKEN, Pattern.compile("(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])"), "npm_"),
            new Detector(PiiKind.HUGGINGFACE_TOKEN, Pattern.compile("(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{34,}"), "hf_"),
            new Detector(
                    PiiKind.SENDGRID_KEY,
                    Pattern.compile("(?<![A-Za-z0-9_-])SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}"),
                    "SG."));

    /** Matched only on the span around one {@code @} (see {@link #scanEmails}). */
    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,}(?![A-Za-z0-9-])");
    /** A date written with dashes is never a phone number, though its digits could parse as one. */
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** Country code, check digits, then 11-30 alphanumerics, optionally in groups of four. */
    private static final Pattern IBAN_CANDIDATE =
            Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])");

    private static final PiiScanner STANDARD = new PiiScanner("US");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final String defaultRegion;
    /** What {@link #cannotBeValidPhone} reads; empty when the default region allows no shortcut. */
    private final Optional<NationalNumbers> nationalNumbers;

    private PiiScanner(String defaultRegion) {
        this.defaultRegion = defaultRegion;
        this.nationalNumbers = NationalNumbers.of(defaultRegion);
    }

    /**
     * The numbers libphonenumber can find valid for a default region's country code, as its metadata
     * gates them: {@code isValidNumber} requires the national significant number to have one of the
     * possible lengths of the general description of the region it belongs to (one of those sharing the
     * country code) and to match that description's pattern in full. Here those lengths and patterns
     * are merged over all regions of the country code (a superset of what any one allows), with the
     * default region's international dialling prefix.
     */
    private record NationalNumbers(Pattern internationalPrefix, boolean[] lengths, Pattern numbers) {
        /**
         * Empty when the default region rewrites its national prefix ({@code
         * national_prefix_transform_rule}, the one parsing step that can add digits) or lacks metadata.
         */
        static Optional<NationalNumbers> of(String region) {
            PhoneMetadata home = metadata(region);
            if (home == null || home.hasNationalPrefixTransformRule()) {
                return Optional.empty();
            }
            PhoneNumberUtil util = PhoneNumberUtil.getInstance();
            boolean[] lengths = new boolean[MAX_NATIONAL_DIGITS + 1];
            StringBuilder union = new StringBuilder();
            for (String r : util.getRegionCodesForCountryCode(util.getCountryCodeForRegion(region))) {
                PhoneMetadata m = metadata(r);
                if (m == null) {
                    return Optional.empty();
                }
                List<Integer> possible = m.getGeneralDesc().getPossibleLengthList();
                for (int length = 0; length < lengths.length; length++) {
                    lengths[length] |= possible.isEmpty() || possible.contains(length);
                }
                union.append(union.isEmpty() ? "" : "|")
                        .append("(?:")
                        .append(m.getGeneralDesc().getNationalNumberPattern())
                        .append(')');
            }
            return Optional.of(new NationalNumbers(
                    Pattern.compile(home.getInternationalPrefix()), lengths, Pattern.compile(union.toString())));
        }

        private static PhoneMetadata metadata(String region) {
            return DefaultMetadataDependenciesProvider.getInstance()
                    .getPhoneNumberMetadataSource()
                    .getMetadataForRegion(region);
        }
    }

    /** libphonenumber reads at most 17 digits as a national number. */
    private static final int MAX_NATIONAL_DIGITS = 17;

    /**
     * Whether a window of digits and separators certainly parses to no valid number, decided without
     * libphonenumber's parser (most of the scan's cost on ids and timestamps: a random UUID often holds
     * seven digits between its dashes). Without a {@code +} and without the default region's
     * international prefix in front, the window is read as a number of the default region's country
     * code, and every parsing step after that (country code, national prefix and carrier code, leading
     * zeros) only cuts digits off the front; so its national significant number is a tail of its
     * digits, and when no tail has a possible length and matches a general description of the country
     * code ({@link NationalNumbers}), no valid number can come out. {@code PhoneShortcutProperties}
     * checks this against the parser itself.
     */
    boolean cannotBeValidPhone(CharSequence text, int start, int end, int digits) {
        if (nationalNumbers.isEmpty() || digits > MAX_NATIONAL_DIGITS) {
            return false;
        }
        NationalNumbers nn = nationalNumbers.get();
        StringBuilder normalised = new StringBuilder(digits);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '+') {
                return false;
            }
            if (isDigit(c)) {
                normalised.append(c);
            }
        }
        Matcher m = nn.internationalPrefix().matcher(normalised);
        if (m.lookingAt() || m.hitEnd()) {
            return false;
        }
        m = nn.numbers().matcher(normalised);
        int n = normalised.length();
        for (int from = 0; from < n; from++) {
            if (nn.lengths()[n - from] && m.region(from, n).matches()) {
                return false;
            }
        }
        return true;
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

    /**
     * Whether {@code text} contains {@code lowerNeedle} (lower-case ASCII letters) in any mix of ASCII
     * case, without a lower-cased copy of the text. The case-insensitive detectors' patterns match
     * ASCII case only ({@code (?i)} without {@code UNICODE_CASE}), so this finds every text their match
     * needs; the copy it replaces was most of what scanning a clean string allocated.
     */
    static boolean containsAsciiIgnoreCase(String text, String lowerNeedle) {
        int m = lowerNeedle.length();
        char first = lowerNeedle.charAt(0);
        for (int i = 0, last = text.length() - m; i <= last; i++) {
            if ((text.charAt(i) | 0x20) != first) {
                continue;
            }
            int k = 1;
            while (k < m && (text.charAt(i + k) | 0x20) == lowerNeedle.charAt(k)) {
                k++;
            }
            if (k == m) {
                return true;
            }
        }
        return false;
    }

    /** All findings, ordered by position, never overlapping. */
    public List<PiiFinding> scan(CharSequence text) {
        Objects.requireNonNull(text, "text");
        String str = text.toString();
        return scan(str, countDigits(str) >= 7);
    }

    /** {@link #scan}, the numbers (cards, IBANs, phones) looked for exactly when {@code numbers}. */
    private List<PiiFinding> scan(String str, boolean numbers) {
        List<PiiFinding> found = new ArrayList<>();
        for (int i = 0; i < SECRET_DETECTORS.size(); i++) {
            Detector d = SECRET_DETECTORS.get(i);
            if (d.triggeredBy(str)) {
                Matcher m = d.pattern().matcher(str);
                while (m.find()) {
                    found.add(new PiiFinding(d.kind(), m.start(), m.end()));
                }
            }
        }
        scanEmails(str, found);
        if (numbers) {
            scanNumbers(str, found);
        }
        return resolveOverlaps(found);
    }

    /** A scan of a text that only grows from one call to the next (see {@link Growing}). */
    public Growing growing() {
        return new Growing();
    }

    /**
     * The scans of one text that grows between calls (a stream's model output): {@link #scan(String)}
     * returns exactly what {@link PiiScanner#scan} returns for the same text, but the findings of the
     * text before the last <em>cut</em> are kept from call to call, so a call costs about the length of
     * the open sentence, not of the whole text.
     *
     * <p>A cut is a sentence end: {@code .}, {@code !} or {@code ?} after an ASCII letter, then a space
     * or a line break. No finding and no detector's context crosses one: no detector's match or window
     * (tokens, e-mail addresses, IBANs, card groups, phone windows, UUIDs) holds a space or line break
     * after such a character, a bearer token's or AWS secret's white space follows a word or
     * {@code :}/{@code =}, and a detector's look-behind at the first character after the cut sees white
     * space, as at the start of a text. Two exceptions are handled apart: a private key's PEM block may
     * run to the end of the text, so once {@code "PRIVATE KEY-----"} appears no later cut is taken; and
     * numbers are looked for only when the whole text holds seven digits, so the findings before the
     * cut are kept both with and without them. Not thread-safe: one per text.
     */
    public final class Growing {
        /** The text of the last call: a {@link String} or a {@link GrowingText} (whose start never changes). */
        private CharSequence seen;

        private int cut;
        private boolean privateKey;
        private int keptDigits;
        private final List<PiiFinding> keptWithNumbers = new ArrayList<>(0);
        private final List<PiiFinding> keptWithoutNumbers = new ArrayList<>(0);

        private Growing() {}

        /** {@link PiiScanner#scan} of {@code text}; cheapest when it extends the text of the last call. */
        public List<PiiFinding> scan(String text) {
            Objects.requireNonNull(text, "text");
            return scanText(text);
        }

        /**
         * {@link PiiScanner#scan} of the text as it is now; when it is the text of the last call, grown, its
         * start is neither copied nor compared again (a call costs about the length of the open sentence).
         */
        public List<PiiFinding> scan(GrowingText text) {
            Objects.requireNonNull(text, "text");
            return scanText(text);
        }

        private List<PiiFinding> scanText(CharSequence text) {
            if (seen == null) {
                seen = text; // a text scanned once (not a stream): nothing to keep
                return PiiScanner.this.scan(text.toString());
            }
            if (cut > text.length() || !GrowingText.sameStart(text, seen, cut)) {
                cut = 0; // not the text scanned before with more at its end: from the start
                privateKey = false;
                keptDigits = 0;
                keptWithNumbers.clear();
                keptWithoutNumbers.clear();
            }
            seen = text;
            int next = privateKey ? cut : lastCut(text, cut);
            if (next > cut) {
                String part = text.subSequence(cut, next).toString();
                if (part.contains(PRIVATE_KEY_TRIGGER)) {
                    privateKey = true;
                } else {
                    shifted(PiiScanner.this.scan(part, true), cut, keptWithNumbers);
                    shifted(PiiScanner.this.scan(part, false), cut, keptWithoutNumbers);
                    keptDigits += countDigits(part);
                    cut = next;
                }
            }
            String open = text.subSequence(cut, text.length()).toString();
            boolean numbers = keptDigits + countDigits(open) >= 7;
            List<PiiFinding> out = new ArrayList<>(numbers ? keptWithNumbers : keptWithoutNumbers);
            shifted(PiiScanner.this.scan(open, numbers), cut, out);
            return out;
        }

        private static void shifted(List<PiiFinding> findings, int by, List<PiiFinding> into) {
            for (PiiFinding f : findings) {
                into.add(by == 0 ? f : new PiiFinding(f.kind(), f.start() + by, f.end() + by));
            }
        }
    }

    private static final String PRIVATE_KEY_TRIGGER = "PRIVATE KEY-----";

    /** The last cut of {@code text} after {@code from} (see {@link Growing}), or {@code from}. */
    static int lastCut(CharSequence text, int from) {
        for (int q = text.length(); q > from; q--) {
            if (isCut(text, q)) {
                return q;
            }
        }
        return from;
    }

    /** A sentence end before {@code q}: an ASCII letter, {@code .}, {@code !} or {@code ?}, a space or line break. */
    static boolean isCut(CharSequence text, int q) {
        if (q < 3) {
            return false;
        }
        char space = text.charAt(q - 1);
        char end = text.charAt(q - 2);
        char letter = text.charAt(q - 3);
        return (space == ' ' || space == '\n')
                && (end == '.' || end == '!' || end == '?')
                && ((letter >= 'a' && letter <= 'z') || (letter >= 'A' && letter <= 'Z'));
    }

    /**
     * E-mail addresses, found by expanding around each {@code @} and matching only that span: a
     * pattern tried at every word of a long text costs time in the square of the words' lengths.
     */
    private static void scanEmails(String text, List<PiiFinding> found) {
        int at = text.indexOf('@');
        while (at >= 0) {
            int left = at;
            while (left > 0 && isLocalPartChar(text.charAt(left - 1))) {
                left--;
            }
            int right = at + 1;
            while (right < text.length() && isDomainChar(text.charAt(right))) {
                right++;
            }
            if (left < at) {
                Matcher m = EMAIL.matcher(text).region(left, right);
                m.useTransparentBounds(true);
                if (m.lookingAt()) {
                    found.add(new PiiFinding(PiiKind.EMAIL, m.start(), m.end()));
                }
            }
            at = text.indexOf('@', Math.max(at + 1, right));
        }
    }

    private static boolean isLocalPartChar(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomainChar(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '.' || c == '-';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /**
     * Where a finding could still begin that more text appended to {@code text} could complete or
     * extend: the smallest index {@code i >= from} from which some detector's match attempt reaches
     * the end of {@code text} (a pending prefix of a key, token, JWT, private key, e-mail address or
     * IBAN, however long), or the start of a trailing run of digits and separators that could still
     * become a phone number or card. {@code text.length()} when nothing is pending: everything
     * before the returned index can never become part of a finding, whatever follows.
     *
     * <p>Uses the detectors' own patterns ({@link Matcher#hitEnd()}), not copies. Positions before
     * {@code from} are not looked at: a caller that keeps the previous answer as {@code from} (the
     * answer never decreases as text is appended) tests each position about once, so a stream costs
     * O(its length) here, not a rescan per chunk. A complete finding that more text cannot change is
     * not pending (moderation judges it).
     *
     * <pre>{@code
     * pii.pendingStart("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIi", 0); // 6: the JWT could go on
     * pii.pendingStart("all done. ", 0);                            // 10: nothing pending
     * }</pre>
     */
    public int pendingStart(CharSequence text, int from) {
        Objects.requireNonNull(text, "text");
        int n = text.length();
        if (from < 0 || from > n) {
            throw new IndexOutOfBoundsException("from must be in [0, " + n + "], but was " + from);
        }
        int limit = Math.min(n, trailingNumberStart(text));
        if (from >= limit) {
            return limit;
        }
        Matcher[] matchers = new Matcher[PENDING.size()];
        for (int s = from; s < limit; s++) {
            char c = text.charAt(s);
            for (int d = 0; d < matchers.length; d++) {
                Pending p = PENDING.get(d);
                if (!p.mayStartWith(c)) {
                    continue;
                }
                Matcher m = matchers[d];
                if (m == null) {
                    m = p.pattern().matcher(text);
                    m.useTransparentBounds(true).useAnchoringBounds(false);
                    matchers[d] = m;
                }
                m.region(s, n);
                m.lookingAt();
                if (m.hitEnd()) {
                    return s;
                }
            }
        }
        return limit;
    }

    /** One detector pattern for {@link #pendingStart} and the characters a match of it can start with. */
    private record Pending(Pattern pattern, boolean[] ascii) {
        static Pending of(Pattern pattern) {
            boolean[] ascii = new boolean[128];
            for (char c = 0; c < 128; c++) {
                Matcher m = pattern.matcher(String.valueOf(c));
                ascii[c] = m.lookingAt() || m.hitEnd();
            }
            return new Pending(pattern, ascii);
        }

        boolean mayStartWith(char c) {
            return c >= 128 || ascii[c];
        }
    }

    /** Every regex detector (secrets, e-mail, IBAN), with its possible first characters derived from it. */
    private static final List<Pending> PENDING = pendingDetectors();

    private static List<Pending> pendingDetectors() {
        List<Pending> all = new ArrayList<>();
        SECRET_DETECTORS.forEach(d -> all.add(Pending.of(d.pattern())));
        all.add(Pending.of(EMAIL));
        all.add(Pending.of(IBAN_CANDIDATE));
        return List.copyOf(all);
    }

    /**
     * The start of the trailing run of characters a phone number or card is written with (the
     * window {@link #scanPhones} and {@link #scanCards} read) from its first digit, {@code +} or
     * {@code (}; {@code text.length()} when the text does not end in such a run.
     */
    private static int trailingNumberStart(CharSequence text) {
        int i = text.length();
        while (i > 0 && isNumberWindowChar(text.charAt(i - 1))) {
            i--;
        }
        for (int j = i; j < text.length(); j++) {
            char c = text.charAt(j);
            if (isDigit(c) || c == '+' || c == '(') {
                return j;
            }
        }
        return text.length();
    }

    private static boolean isNumberWindowChar(char d) {
        return isDigit(d)
                || d == ' '
                || d == '-'
                || d == '.'
                || d == '('
                || d == ')'
                || d == '/'
                || d == '+'
                || d == '\u00a0';
    }

    /** {@code text} with every finding replaced by {@code [REDACTED:<LABEL>]}. */
    public String mask(String text) {
        if (isInstantOfMillis(text) || isUuidId(text)) {
            return text; // holds no finding: see isInstantOfMillis and isUuidId
        }
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

    /**
     * Whether {@code text} has the shape {@code DDDD-DD-DDTDD:DD:DD[.DDD]Z} (D an ASCII digit, any
     * value): how {@link java.time.Instant#toString} writes an instant of years 0000-9999 to the
     * millisecond, as the audit bundle's timestamps are (a modulation trace's {@code at}, new in every
     * request). No detector can find anything in such a text, whatever its digits, so {@link #mask}
     * returns it without a scan: no secret detector's trigger and no {@code @} can occur (the only
     * letters are {@code T} and {@code Z}, never side by side, so no IBAN's two capitals either); a card
     * needs 13 digits in groups joined by single spaces or dashes (the date's groups hold 8, and
     * {@code T}, {@code :} and {@code .} join none); a phone window runs over digits, dashes and dots
     * only, so the windows are the date, which {@code ISO_DATE} excludes, and the seconds with their
     * fraction (at most 5 digits, short of the 7 a phone needs). {@code InstantShortcutProperties}
     * checks the claim against {@link #scan} for random and mutated texts. A new detector that could
     * match such a text must change this.
     */
    static boolean isInstantOfMillis(String text) {
        int n = text.length();
        if (n != 20 && n != 24) {
            return false;
        }
        if (text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':'
                || text.charAt(n - 1) != 'Z'
                || (n == 24 && text.charAt(19) != '.')) {
            return false;
        }
        for (int i = 0; i < n - 1; i++) {
            if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && i != 19 && !isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code text} is a UUID as {@link java.util.UUID#toString} writes it (lower-case hex digits,
     * dashes after the 8th, 12th, 16th and 20th), alone or after {@code "s-"} (the gateway's session
     * ids, new in every request, one per audit record). No detector can find anything in such a text,
     * whatever its digits, so {@link #mask} returns it without a scan: its characters are {@code s},
     * {@code -}, digits and {@code a}-{@code f}, and every secret detector's trigger holds some other
     * character (the case-insensitive {@code bearer} and {@code secret} an {@code r}); there is no
     * {@code @} and no capital (no e-mail, no IBAN); and every digit is the UUID's, which a card or phone
     * candidate may not take ({@code overlapsUuid}; the slow matcher for runs of more than 15 digits
     * needs a {@code /}). {@code UuidShortcutProperties} checks the claim against {@link #scan} for
     * random and mutated texts. A new detector that could match such a text must change this.
     */
    static boolean isUuidId(String text) {
        int n = text.length();
        int from;
        if (n == 36) {
            from = 0;
        } else if (n == 38 && text.charAt(0) == 's' && text.charAt(1) == '-') {
            from = 2;
        } else {
            return false;
        }
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            int at = i - from;
            if (at == 8 || at == 13 || at == 18 || at == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text} holds any personal data or secret. */
    public boolean containsAny(CharSequence text) {
        return !scan(text).isEmpty();
    }

    private void scanNumbers(CharSequence text, List<PiiFinding> found) {
        scanCards(text, found);
        Matcher iban = IBAN_CANDIDATE.matcher(text);
        while (iban.find()) {
            ibanWithin(text, iban.start(), iban.end()).ifPresent(found::add);
        }
        scanPhones(text, found);
    }

    /**
     * libphonenumber's matcher is thorough but slow over long text, so it only runs on windows that
     * could hold a number: a {@code +}, {@code (} or digit followed by digits and separators, with
     * seven to fifteen digits (E.164's maximum; longer runs are cards or account numbers). A window is
     * parsed as one number; only a long window with a '/' goes to libphonenumber's slower matcher.
     */
    private void scanPhones(CharSequence text, List<PiiFinding> found) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (!(isDigit(c) || c == '+' || c == '(')) {
                i++;
                continue;
            }
            int digits = 0;
            int lastDigitEnd = i;
            int j = i;
            while (j < n) {
                char d = text.charAt(j);
                if (isDigit(d)) {
                    digits++;
                    lastDigitEnd = j + 1;
                } else if (!(d == ' '
                        || d == '-'
                        || d == '.'
                        || d == '('
                        || d == ')'
                        || d == '/'
                        || d == '\u00a0'
                        || (d == '+' && j == i))) {
                    break;
                }
                j++;
            }
            if (digits >= 7
                    && digits <= 15
                    && !cannotBeValidPhone(text, i, lastDigitEnd, digits)
                    && !ISO_DATE.matcher(text.subSequence(i, lastDigitEnd)).matches()
                    && !overlapsUuid(text, i, lastDigitEnd)) {
                phoneIn(text, i, lastDigitEnd, found);
            } else if (digits > 15
                    && text.subSequence(i, lastDigitEnd).toString().contains("/")) {
                // possibly several numbers ("+1 201-555-0123 / +1 201-555-0124"): the thorough matcher
                int from = Math.max(0, i - 1);
                int to = Math.min(n, lastDigitEnd + 1);
                for (PhoneNumberMatch m : phones.findNumbers(
                        text.subSequence(from, to), defaultRegion, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
                    found.add(new PiiFinding(PiiKind.PHONE, from + m.start(), from + m.end()));
                }
            }
            i = Math.max(j, i + 1);
        }
    }

    /**
     * Whether [start, end) takes any character of a UUID: an id, never part of a phone number or card,
     * though its groups can read as one ("62954117-45f6-…" holds 629-541-1745, a valid US number; its
     * last group and a digit after it, "…-222200001012 2", a Mastercard number). Checked only for a
     * window that passed the cheaper filters.
     */
    private static boolean overlapsUuid(CharSequence text, int start, int end) {
        int from = start;
        while (from > 0 && isHexOrDash(text.charAt(from - 1))) {
            from--;
        }
        int to = end;
        while (to < text.length() && isHexOrDash(text.charAt(to))) {
            to++;
        }
        Matcher m = UUID.matcher(text.subSequence(from, to));
        while (m.find()) {
            if (from + m.start() < end && start < from + m.end()) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static boolean isHexOrDash(char c) {
        return c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The window [start, end) of digits and separators is one valid number, or none. */
    private void phoneIn(CharSequence text, int start, int end, List<PiiFinding> found) {
        try {
            PhoneNumber number = phones.parse(text.subSequence(start, end), defaultRegion);
            if (phones.isValidNumber(number)) {
                found.add(new PiiFinding(PiiKind.PHONE, start, end));
            }
        } catch (NumberParseException e) {
            // not a phone number: nothing to report
        }
    }

    /**
     * Cards are written as digit groups joined by single spaces or dashes. A greedy pattern would
     * start at any digit group before the card ("order 12 4111 1111 1111 1111") and then fail the
     * Luhn check, so every group boundary is tried as a start and every later one as an end.
     *
     * <p>Digits that belong to a UUID are an id, though its groups can pass the card checks
     * ("41234567-1234-4234-…" holds 16 digits): a candidate that takes any of them is not a card.
     */
    private static void scanCards(CharSequence text, List<PiiFinding> found) {
        List<int[]> runs = new ArrayList<>(); // [start, end) of maximal digit runs
        for (int i = 0; i < text.length(); ) {
            if (isDigit(text.charAt(i))) {
                int j = i;
                while (j < text.length() && isDigit(text.charAt(j))) {
                    j++;
                }
                runs.add(new int[] {i, j});
                i = j;
            } else {
                i++;
            }
        }
        for (int first = 0; first < runs.size(); first++) {
            StringBuilder digits = new StringBuilder(19);
            PiiFinding longest = null;
            for (int last = first; last < runs.size(); last++) {
                int[] run = runs.get(last);
                if (last > first) {
                    int gapStart = runs.get(last - 1)[1];
                    char sep = text.charAt(gapStart);
                    if (run[0] - gapStart != 1 || (sep != ' ' && sep != '-')) {
                        break;
                    }
                }
                digits.append(text, run[0], run[1]);
                if (digits.length() > 19) {
                    break;
                }
                int start = runs.get(first)[0];
                if (digits.length() >= 13
                        && Checksums.paymentCard(digits.toString())
                        && !overlapsUuid(text, start, run[1])) {
                    longest = new PiiFinding(PiiKind.PAYMENT_CARD, start, run[1]);
                }
            }
            if (longest != null) {
                found.add(longest);
            }
        }
    }

    /**
     * The longest valid IBAN that starts where the candidate starts: the pattern may run on into a
     * following upper-case word ("GB82 WEST 1234 5698 7654 32 OK"), so shorter ends are tried too.
     */
    private static Optional<PiiFinding> ibanWithin(CharSequence text, int start, int end) {
        StringBuilder compact = new StringBuilder(34);
        List<Integer> ends = new ArrayList<>(34); // text end offset after each compact character
        for (int i = start; i < end && compact.length() < 34; i++) {
            char c = text.charAt(i);
            if (c != ' ') {
                compact.append(c);
                ends.add(i + 1);
            }
        }
        for (int n = compact.length(); n >= 15; n--) {
            int stop = ends.get(n - 1);
            boolean atBoundary = stop >= text.length() || !Character.isLetterOrDigit(text.charAt(stop));
            if (atBoundary && Checksums.iban(compact.substring(0, n))) {
                return Optional.of(new PiiFinding(PiiKind.IBAN, start, stop));
            }
        }
        return Optional.empty();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
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
