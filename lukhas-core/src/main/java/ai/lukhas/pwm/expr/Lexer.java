package ai.lukhas.pwm.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Splits expression text into tokens, keeping each token's 1-based line and column. */
final class Lexer {
    enum Kind {
        NUMBER,
        STRING,
        NAME,
        OP,
        END
    }

    record Token(Kind kind, String text, double number, int line, int column) {
        boolean is(String op) {
            return (kind == Kind.OP || kind == Kind.NAME) && text.equals(op);
        }

        String describe() {
            return switch (kind) {
                case END -> "the end of the expression";
                case STRING -> "the string '" + text + "'";
                default -> "'" + text + "'";
            };
        }
    }

    private static final Set<String> TWO_CHAR_OPS = Set.of("<=", ">=", "==", "!=");

    private final String src;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        Lexer lx = new Lexer(src);
        List<Token> out = new ArrayList<>();
        Token t;
        do {
            t = lx.next();
            out.add(t);
        } while (t.kind() != Kind.END);
        return out;
    }

    static boolean isIdentifier(String s) {
        if (s.isEmpty() || !isNameStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isNamePart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private int column() {
        return pos - lineStart + 1;
    }

    private ExprException error(int atLine, int atColumn, String detail) {
        return new ExprException(atLine, atColumn, detail);
    }

    private Token next() {
        skipWhitespace();
        int startLine = line;
        int startCol = column();
        if (pos >= src.length()) {
            return new Token(Kind.END, "", 0, startLine, startCol);
        }
        char c = src.charAt(pos);
        if (isNameStart(c)) {
            int start = pos;
            while (pos < src.length() && isNamePart(src.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.NAME, src.substring(start, pos), 0, startLine, startCol);
        }
        if (isDigit(c) || (c == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
            return number(startLine, startCol);
        }
        if (c == '\'' || c == '"') {
            return string(c, startLine, startCol);
        }
        if (pos + 1 < src.length()) {
            String two = src.substring(pos, pos + 2);
            if (TWO_CHAR_OPS.contains(two)) {
                pos += 2;
                return new Token(Kind.OP, two, 0, startLine, startCol);
            }
        }
        if ("+-*/()[],<>".indexOf(c) >= 0) {
            pos++;
            return new Token(Kind.OP, String.valueOf(c), 0, startLine, startCol);
        }
        throw error(
                startLine,
                startCol,
                "unexpected character " + printable(c)
                        + " (expected a number, a name, a quoted string or one of + - * / ( ) [ ] , < <= > >= == !=)");
    }

    private static String printable(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("U+%04X", (int) c);
    }

    private void skipWhitespace() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private Token number(int startLine, int startCol) {
        int start = pos;
        while (pos < src.length() && isDigit(src.charAt(pos))) {
            pos++;
        }
        if (pos < src.length() && src.charAt(pos) == '.') {
            pos++;
            while (pos < src.length() && isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && isDigit(src.charAt(pos))) {
                while (pos < src.length() && isDigit(src.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        if (pos < src.length() && isNameStart(src.charAt(pos))) {
            throw error(
                    startLine,
                    column(),
                    "unexpected " + printable(src.charAt(pos)) + " after the number " + src.substring(start, pos)
                            + " (expected an operator)");
        }
        String text = src.substring(start, pos);
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            throw error(startLine, startCol, "the number " + text + " is too large (expected a finite number)");
        }
        return new Token(Kind.NUMBER, text, value, startLine, startCol);
    }

    private Token string(char quote, int startLine, int startCol) {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == quote) {
                pos++;
                return new Token(Kind.STRING, sb.toString(), 0, startLine, startCol);
            }
            if (c == '\n') {
                break;
            }
            if (c == '\\' && pos + 1 < src.length()) {
                char e = src.charAt(pos + 1);
                switch (e) {
                    case '\\', '\'', '"' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    default ->
                        throw error(
                                line,
                                column(),
                                "unknown escape \\" + printable(e) + " (expected \\\\, \\', \\\", \\n or \\t)");
                }
                pos += 2;
                continue;
            }
            sb.append(c);
            pos++;
        }
        throw error(startLine, startCol, "unterminated string (expected a closing " + quote + " on the same line)");
    }
}
