package ai.lukhas.pwm.expr;

import ai.lukhas.pwm.expr.Lexer.Kind;
import ai.lukhas.pwm.expr.Lexer.Token;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive descent over Python's grammar for the subset we allow, with Python's precedence (lowest
 * first): {@code A if C else B}, or, and, not, comparisons (chained like Python), + -, * /, unary
 * minus, atoms. Types are checked while the tree is built, so a compiled tree cannot fail on types.
 */
final class Parser {
    /** Guards the JVM stack against inputs like "((((((...". */
    static final int MAX_DEPTH = 64;

    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "if", "else", "True", "False");
    private static final Set<String> COMPARISONS = Set.of("<", "<=", ">", ">=", "==", "!=");

    /** A node with the token where its source text starts, for error positions. */
    private record P(Node node, Token start) {}

    private final List<Token> tokens;
    private final Scope scope;
    private int pos;
    private int depth;
    final List<String> strings = new ArrayList<>();
    final List<List<String>> lists = new ArrayList<>();
    final BitSet referencedSignals = new BitSet();

    Parser(String source, Scope scope) {
        this.tokens = Lexer.tokenize(source);
        this.scope = scope;
    }

    Node parseWhole() {
        P p = test();
        Token t = peek();
        if (t.kind() != Kind.END) {
            throw error(t, "unexpected " + t.describe() + " (expected an operator, 'if' or the end of the expression)");
        }
        return p.node();
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token advance() {
        return tokens.get(pos++);
    }

    private boolean accept(String op) {
        Token t = peek();
        if (t.kind() != Kind.STRING && t.is(op)) {
            pos++;
            return true;
        }
        return false;
    }

    private Token expect(String op, String what) {
        Token t = peek();
        if (t.kind() == Kind.STRING || !t.is(op)) {
            throw error(t, "expected " + what + ", but found " + t.describe());
        }
        return advance();
    }

    private static ExprException error(Token at, String detail) {
        return new ExprException(at.line(), at.column(), detail);
    }

    private void enter(Token at) {
        if (++depth > MAX_DEPTH) {
            throw error(at, "expression nested too deeply (expected at most " + MAX_DEPTH + " levels)");
        }
    }

    // test: or_test ['if' or_test 'else' test]
    private P test() {
        enter(peek());
        try {
            P then = or();
            if (!accept("if")) {
                return then;
            }
            P cond = or();
            requireType(cond, ValueType.BOOLEAN, "the condition after 'if'");
            expect("else", "'else' after the condition of 'if'");
            P otherwise = test();
            return new P(conditional(then, cond, otherwise), then.start());
        } finally {
            depth--;
        }
    }

    private Node conditional(P then, P cond, P otherwise) {
        ValueType a = then.node().type;
        ValueType b = otherwise.node().type;
        ValueType type;
        if (a == ValueType.CURRENT) {
            type = b;
        } else if (b == ValueType.CURRENT || a == b) {
            type = a;
        } else {
            throw error(
                    otherwise.start(),
                    "both branches of 'if ... else' must have the same type, but the first is " + a.description()
                            + " and this one is " + b.description());
        }
        return new Node.Conditional(type, cond.node(), then.node(), otherwise.node());
    }

    private P or() {
        P left = and();
        while (peek().is("or") && peek().kind() == Kind.NAME) {
            advance();
            requireType(left, ValueType.BOOLEAN, "the left operand of 'or'");
            P right = and();
            requireType(right, ValueType.BOOLEAN, "the right operand of 'or'");
            left = new P(new Node.Or(left.node(), right.node()), left.start());
        }
        return left;
    }

    private P and() {
        P left = not();
        while (peek().is("and") && peek().kind() == Kind.NAME) {
            advance();
            requireType(left, ValueType.BOOLEAN, "the left operand of 'and'");
            P right = not();
            requireType(right, ValueType.BOOLEAN, "the right operand of 'and'");
            left = new P(new Node.And(left.node(), right.node()), left.start());
        }
        return left;
    }

    private P not() {
        Token t = peek();
        if (t.kind() == Kind.NAME && t.is("not")) {
            advance();
            enter(t);
            try {
                P operand = not();
                requireType(operand, ValueType.BOOLEAN, "the operand of 'not'");
                return new P(new Node.Not(operand.node()), t);
            } finally {
                depth--;
            }
        }
        return comparison();
    }

    // Python chains comparisons: a < b < c means a < b and b < c.
    private P comparison() {
        P left = arith();
        Node result = null;
        while (peek().kind() == Kind.OP && COMPARISONS.contains(peek().text())) {
            Token op = advance();
            P right = arith();
            Node cmp = compare(op, left, right);
            result = result == null ? cmp : new Node.And(result, cmp);
            left = right;
        }
        return result == null ? left : new P(result, left.start());
    }

    private Node compare(Token op, P left, P right) {
        ValueType a = left.node().type;
        ValueType b = right.node().type;
        noCurrent(left, "an operand of '" + op.text() + "'");
        noCurrent(right, "an operand of '" + op.text() + "'");
        boolean ordering = !op.text().equals("==") && !op.text().equals("!=");
        if (ordering) {
            requireType(left, ValueType.NUMBER, "the left operand of '" + op.text() + "'");
            requireType(right, ValueType.NUMBER, "the right operand of '" + op.text() + "'");
        } else if (a != b) {
            throw error(
                    op,
                    "'" + op.text() + "' compares values of the same type, but got " + a.description() + " and "
                            + b.description());
        }
        return new Node.Compare(op.text(), left.node(), right.node());
    }

    private P arith() {
        P left = term();
        while (peek().kind() == Kind.OP && (peek().is("+") || peek().is("-"))) {
            Token op = advance();
            requireNumber(left, op);
            P right = term();
            requireNumber(right, op);
            left = new P(new Node.Arith(op.text().charAt(0), left.node(), right.node()), left.start());
        }
        return left;
    }

    private P term() {
        P left = factor();
        while (peek().kind() == Kind.OP && (peek().is("*") || peek().is("/"))) {
            Token op = advance();
            requireNumber(left, op);
            P right = factor();
            requireNumber(right, op);
            if (op.is("/") && right.node() instanceof Node.Num && right.node().num(0, new double[0]) == 0) {
                throw error(right.start(), "division by zero (expected a non-zero divisor)");
            }
            left = new P(new Node.Arith(op.text().charAt(0), left.node(), right.node()), left.start());
        }
        return left;
    }

    private P factor() {
        Token t = peek();
        if (t.kind() == Kind.OP && (t.is("-") || t.is("+"))) {
            advance();
            enter(t);
            try {
                P operand = factor();
                requireNumber(operand, t);
                return new P(t.is("-") ? new Node.Neg(operand.node()) : operand.node(), t);
            } finally {
                depth--;
            }
        }
        return atom();
    }

    private P atom() {
        Token t = advance();
        switch (t.kind()) {
            case NUMBER:
                return new P(new Node.Num(t.number()), t);
            case STRING:
                return new P(new Node.Choice(ValueType.STRING, intern(t.text())), t);
            case NAME:
                return name(t);
            case END:
                throw error(t, "expected an operand (a number, a name, a string, a list or '('), but found the end");
            default:
                break;
        }
        if (t.is("(")) {
            P inner = test();
            expect(")", "')' to close the '(' at column " + t.column());
            return new P(inner.node(), t);
        }
        if (t.is("[")) {
            return list(t);
        }
        throw error(t, "expected an operand (a number, a name, a string, a list or '('), but found " + t.describe());
    }

    private P list(Token open) {
        List<String> items = new ArrayList<>();
        while (!accept("]")) {
            Token item = advance();
            if (item.kind() == Kind.STRING) {
                items.add(item.text());
            } else if (item.kind() == Kind.NAME && scope.symbols().contains(item.text())) {
                items.add(item.text());
            } else {
                throw error(item, "expected a string in the list" + symbolsHint() + ", but found " + item.describe());
            }
            if (!accept(",")) {
                expect("]", "',' or ']' in the list opened at column " + open.column());
                break;
            }
        }
        int index = lists.indexOf(items);
        if (index < 0) {
            index = lists.size();
            lists.add(List.copyOf(items));
        }
        return new P(new Node.Choice(ValueType.STRING_LIST, index), open);
    }

    private String symbolsHint() {
        return scope.symbols().isEmpty()
                ? ""
                : " (quoted, or one of "
                        + String.join(", ", scope.symbols().stream().sorted().toList()) + ")";
    }

    private P name(Token t) {
        String n = t.text();
        boolean call = peek().kind() == Kind.OP && peek().is("(");
        if (call) {
            return call(t);
        }
        switch (n) {
            case "x":
                return new P(new Node.X(), t);
            case "current":
                return new P(new Node.Current(), t);
            case "True":
                return new P(new Node.Bool(true), t);
            case "False":
                return new P(new Node.Bool(false), t);
            default:
                break;
        }
        int signal = scope.signals().indexOf(n);
        if (signal >= 0) {
            referencedSignals.set(signal);
            return new P(new Node.Signal(signal), t);
        }
        if (scope.symbols().contains(n)) {
            return new P(new Node.Choice(ValueType.STRING, intern(n)), t);
        }
        if (KEYWORDS.contains(n)) {
            throw error(t, "unexpected keyword '" + n + "' (expected an operand)");
        }
        if (Node.Fn.named(n) != null) {
            throw error(t, "function '" + n + "' must be called, e.g. " + n + "(...)");
        }
        throw error(
                t,
                "unknown name '" + n + "' (expected x, current, a signal (" + String.join(", ", scope.signals())
                        + ")"
                        + (scope.symbols().isEmpty() ? "" : ", one of " + String.join(", ", sorted(scope.symbols())))
                        + ", a number or a quoted string)");
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private P call(Token nameToken) {
        Node.Fn fn = Node.Fn.named(nameToken.text());
        if (fn == null) {
            throw error(
                    nameToken,
                    "unknown function '" + nameToken.text()
                            + "' (expected one of min, max, abs, round, floor, ceil, clamp)");
        }
        Token open = advance();
        List<Node> args = new ArrayList<>();
        if (!accept(")")) {
            while (true) {
                P arg = test();
                requireType(arg, ValueType.NUMBER, "argument " + (args.size() + 1) + " of " + fn.wireName);
                args.add(arg.node());
                if (accept(")")) {
                    break;
                }
                expect(",", "',' or ')' in the call of " + fn.wireName + " opened at column " + open.column());
            }
        }
        if (args.size() < fn.minArgs || args.size() > fn.maxArgs) {
            String wanted = fn.maxArgs == Integer.MAX_VALUE
                    ? "at least " + fn.minArgs + " arguments"
                    : fn.minArgs + (fn.minArgs == 1 ? " argument" : " arguments");
            throw error(nameToken, fn.wireName + " takes " + wanted + ", but was given " + args.size());
        }
        return new P(new Node.Call(fn, args.toArray(Node[]::new)), nameToken);
    }

    private int intern(String s) {
        int i = strings.indexOf(s);
        if (i < 0) {
            i = strings.size();
            strings.add(s);
        }
        return i;
    }

    private static void noCurrent(P p, String where) {
        if (p.node().mayBeCurrent) {
            throw error(p.start(), "'current' can only be a whole result or a branch of 'if ... else', not " + where);
        }
    }

    private static void requireType(P p, ValueType wanted, String where) {
        noCurrent(p, where);
        if (p.node().type != wanted) {
            throw error(
                    p.start(),
                    where + " must be " + wanted.description() + ", but is "
                            + p.node().type.description());
        }
    }

    private static void requireNumber(P p, Token op) {
        requireType(p, ValueType.NUMBER, "an operand of '" + op.text() + "'");
    }
}
