package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.Checks;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Undoes the obfuscations people use to slip words past a lexicon. Each method is one pass over the text and
 * returns its argument itself when there is nothing to undo, so the common case costs a scan and no copy.
 *
 * <pre>{@code
 * Obfuscation.joinSpelledOut("k i l l  y o u");   // "kill  you"
 * Obfuscation.collapseRepeats("kiiill");          // "kill"
 * Obfuscation.foldHomoglyphs("kіll");             // "kill" (the i was Cyrillic)
 * }</pre>
 */
final class Obfuscation {
    /** Longest blob decoded, and most blobs per text: a page full of data URIs stays cheap. */
    private static final int MAX_BLOB_CHARS = 8192;

    private static final int MAX_BLOBS = 4;

    /** Shortest run of base64 characters treated as a blob (12 bytes of text). */
    static final int MIN_BLOB_CHARS = 16;

    private Obfuscation() {}

    /** Cyrillic and Greek letters that look like Latin ones (after NFKC and lower-casing). */
    static String foldHomoglyphs(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char latin = latinFor(c);
            if (latin != c) {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, latin);
            }
        }
        return out == null ? s : out.toString();
    }

    /** The Latin letter {@code c} looks like, or {@code c} itself (one character of {@link #foldHomoglyphs}). */
    static char latinFor(char c) {
        if (c < '\u0370') {
            return c;
        }
        return switch (c) {
            case '\u0430', '\u03B1' -> 'a';
            case '\u0435', '\u0451', '\u03B5' -> 'e';
            case '\u043E', '\u03BF' -> 'o';
            case '\u0440', '\u03C1' -> 'p';
            case '\u0441', '\u03F2' -> 'c';
            case '\u0445', '\u03C7' -> 'x';
            case '\u0443' -> 'y';
            case '\u0456', '\u03B9' -> 'i';
            case '\u0458' -> 'j';
            case '\u0455' -> 's';
            case '\u04BB' -> 'h';
            case '\u0501' -> 'd';
            case '\u04CF' -> 'l';
            case '\u03BA', '\u043A' -> 'k';
            case '\u03BD' -> 'v';
            case '\u03C4', '\u0442' -> 't';
            case '\u03C5' -> 'u';
            case '\u043C' -> 'm';
            case '\u043D' -> 'h';
            case '\u0432' -> 'b';
            default -> c;
        };
    }

    /**
     * Joins two or more single letters or digits separated by exactly one space, dot, hyphen, underscore or
     * asterisk ("k i l l", "k.i.l.l", "k-y-s", "a s"); a wider gap ends the word, so "k i l l  y o u" becomes
     * "kill  you". The result is an extra variant: the rules still see the text as written.
     */
    static String joinSpelledOut(String s) {
        StringBuilder out = null;
        int n = s.length();
        int copied = 0;
        int i = 0;
        while (i < n) {
            // cheapest test first: most characters are not followed by a separator and a lone letter
            if (i + 2 < n && isSeparator(s.charAt(i + 1)) && isSingle(s, i + 2) && isSingle(s, i)) {
                int end = i;
                int letters = 1;
                while (end + 2 < n && isSeparator(s.charAt(end + 1)) && isSingle(s, end + 2)) {
                    end += 2;
                    letters++;
                }
                if (letters >= 2) {
                    if (out == null) {
                        out = new StringBuilder(n);
                    }
                    out.append(s, copied, i);
                    for (int k = i; k <= end; k += 2) {
                        out.append(s.charAt(k));
                    }
                    copied = end + 1;
                }
                i = end + 1;
            } else {
                i++;
            }
        }
        if (out == null) {
            return s;
        }
        out.append(s, copied, n);
        return out.toString();
    }

    /**
     * Whether {@link #joinSpelledOut} changes the ASCII text {@code b}: whether a letter or digit stands
     * alone, then a separator, then another that stands alone (its first test, over bytes).
     */
    static boolean spellsOut(byte[] b) {
        int n = b.length;
        for (int i = 0; i + 2 < n; i++) {
            byte sep = b[i + 1];
            if ((sep == ' ' || sep == '.' || sep == '-' || sep == '_' || sep == '*')
                    && isSingle(b, i + 2)
                    && isSingle(b, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSingle(byte[] b, int i) {
        return (i + 1 == b.length || !isAsciiLetterOrDigit(b[i + 1]))
                && (i == 0 || !isAsciiLetterOrDigit(b[i - 1]))
                && isAsciiLetterOrDigit(b[i]);
    }

    /** {@link Character#isLetterOrDigit} of an ASCII character. */
    private static boolean isAsciiLetterOrDigit(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** A letter or digit with no letter or digit right before or after it. */
    private static boolean isSingle(String s, int i) {
        return (i + 1 == s.length() || !Character.isLetterOrDigit(s.charAt(i + 1)))
                && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))
                && Character.isLetterOrDigit(s.charAt(i));
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '.' || c == '-' || c == '_' || c == '*';
    }

    /** Runs of three or more equal letters become one ("kiiill" → "kill"); doubled letters are English. */
    static String collapseRepeats(String s) {
        StringBuilder out = null;
        int n = s.length();
        int i = 0;
        int copied = 0;
        while (i < n) {
            char c = s.charAt(i);
            int j = i + 1;
            while (j < n && s.charAt(j) == c) {
                j++;
            }
            if (j - i >= 3 && Character.isLetter(c)) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(s, copied, i).append(c);
                copied = j;
            }
            i = j;
        }
        if (out == null) {
            return s;
        }
        out.append(s, copied, n);
        return out.toString();
    }

    /**
     * The texts hidden in base64 blobs: runs of at least 16 base64 characters that decode to UTF-8 text with a
     * space in it and nothing but printable characters (keys and hashes decode to bytes, not text).
     */
    static List<String> decodeBase64(String s) {
        List<String> out = null;
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!isBase64(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isBase64(s.charAt(i))) {
                i++;
            }
            int end = i;
            while (i < n && s.charAt(i) == '=' && i - end < 2) {
                i++;
            }
            int len = end - start;
            if (len >= MIN_BLOB_CHARS && len <= MAX_BLOB_CHARS) {
                String text = decode(s.substring(start, end));
                if (text != null) {
                    if (out == null) {
                        out = new ArrayList<>(2);
                    }
                    out.add(text);
                    if (out.size() == MAX_BLOBS) {
                        break;
                    }
                }
            }
        }
        return out == null ? List.of() : out;
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    private static String decode(String blob) {
        int rem = blob.length() % 4;
        if (rem == 1) {
            return null;
        }
        String padded = rem == 0 ? blob : blob + "==".substring(0, 4 - rem);
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(padded);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String text = Checks.utf8(bytes).orElse(null);
        if (text == null) {
            return null;
        }
        boolean space = false;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == ' ') {
                space = true;
            } else if (Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r') {
                return null;
            }
        }
        return space ? text : null;
    }
}
