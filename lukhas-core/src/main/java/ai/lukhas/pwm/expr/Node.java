package ai.lukhas.pwm.expr;

/**
 * A compiled, type-checked expression tree. Each node evaluates through the method of its static type,
 * reading signal levels from an array by index, so evaluation allocates nothing. String and list
 * results are indices into the expression's constant table; -1 and NaN mean {@code current}.
 */
abstract class Node {
    final ValueType type;
    /** True when evaluation may yield {@code current} (no proposal) instead of a value. */
    final boolean mayBeCurrent;

    Node(ValueType type, boolean mayBeCurrent) {
        this.type = type;
        this.mayBeCurrent = mayBeCurrent;
    }

    double num(double x, double[] signals) {
        throw new IllegalStateException(getClass().getSimpleName() + " is not a number");
    }

    boolean bool(double x, double[] signals) {
        throw new IllegalStateException(getClass().getSimpleName() + " is not a boolean");
    }

    /** Index into the string or list constant table, or -1 for {@code current}. */
    int choice(double x, double[] signals) {
        throw new IllegalStateException(getClass().getSimpleName() + " is not a string or list");
    }

    static final class Num extends Node {
        private final double value;

        Num(double value) {
            super(ValueType.NUMBER, false);
            this.value = value;
        }

        @Override
        double num(double x, double[] signals) {
            return value;
        }
    }

    static final class Bool extends Node {
        private final boolean value;

        Bool(boolean value) {
            super(ValueType.BOOLEAN, false);
            this.value = value;
        }

        @Override
        boolean bool(double x, double[] signals) {
            return value;
        }
    }

    /** A string or list-of-strings literal: its index in the constant table. */
    static final class Choice extends Node {
        private final int index;

        Choice(ValueType type, int index) {
            super(type, false);
            this.index = index;
        }

        @Override
        int choice(double x, double[] signals) {
            return index;
        }
    }

    static final class Current extends Node {
        Current() {
            super(ValueType.CURRENT, true);
        }

        @Override
        double num(double x, double[] signals) {
            return Double.NaN;
        }

        @Override
        int choice(double x, double[] signals) {
            return -1;
        }
    }

    static final class X extends Node {
        X() {
            super(ValueType.NUMBER, false);
        }

        @Override
        double num(double x, double[] signals) {
            return x;
        }
    }

    static final class Signal extends Node {
        private final int index;

        Signal(int index) {
            super(ValueType.NUMBER, false);
            this.index = index;
        }

        @Override
        double num(double x, double[] signals) {
            return signals[index];
        }
    }

    static final class Neg extends Node {
        private final Node operand;

        Neg(Node operand) {
            super(ValueType.NUMBER, false);
            this.operand = operand;
        }

        @Override
        double num(double x, double[] signals) {
            return -operand.num(x, signals);
        }
    }

    static final class Arith extends Node {
        private final char op;
        private final Node left;
        private final Node right;

        Arith(char op, Node left, Node right) {
            super(ValueType.NUMBER, false);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        double num(double x, double[] signals) {
            double a = left.num(x, signals);
            double b = right.num(x, signals);
            return switch (op) {
                case '+' -> a + b;
                case '-' -> a - b;
                case '*' -> a * b;
                // Python raises on division by zero; here it yields a non-finite value, which the
                // caller treats as "no proposal" so a request never fails on a policy quirk.
                case '/' -> a / b;
                default -> throw new IllegalStateException("operator " + op);
            };
        }
    }

    static final class Compare extends Node {
        private final String op;
        private final Node left;
        private final Node right;

        Compare(String op, Node left, Node right) {
            super(ValueType.BOOLEAN, false);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        boolean bool(double x, double[] signals) {
            return switch (left.type) {
                case NUMBER -> compare(left.num(x, signals), right.num(x, signals));
                case BOOLEAN -> equality(left.bool(x, signals) == right.bool(x, signals));
                default -> equality(left.choice(x, signals) == right.choice(x, signals));
            };
        }

        private boolean compare(double a, double b) {
            return switch (op) {
                case "<" -> a < b;
                case "<=" -> a <= b;
                case ">" -> a > b;
                case ">=" -> a >= b;
                case "==" -> a == b;
                case "!=" -> a != b;
                default -> throw new IllegalStateException("operator " + op);
            };
        }

        private boolean equality(boolean same) {
            return op.equals("==") == same;
        }
    }

    static final class And extends Node {
        private final Node left;
        private final Node right;

        And(Node left, Node right) {
            super(ValueType.BOOLEAN, false);
            this.left = left;
            this.right = right;
        }

        @Override
        boolean bool(double x, double[] signals) {
            return left.bool(x, signals) && right.bool(x, signals);
        }
    }

    static final class Or extends Node {
        private final Node left;
        private final Node right;

        Or(Node left, Node right) {
            super(ValueType.BOOLEAN, false);
            this.left = left;
            this.right = right;
        }

        @Override
        boolean bool(double x, double[] signals) {
            return left.bool(x, signals) || right.bool(x, signals);
        }
    }

    static final class Not extends Node {
        private final Node operand;

        Not(Node operand) {
            super(ValueType.BOOLEAN, false);
            this.operand = operand;
        }

        @Override
        boolean bool(double x, double[] signals) {
            return !operand.bool(x, signals);
        }
    }

    /** {@code then if condition else otherwise}: only the chosen branch is evaluated. */
    static final class Conditional extends Node {
        private final Node condition;
        private final Node then;
        private final Node otherwise;

        Conditional(ValueType type, Node condition, Node then, Node otherwise) {
            super(type, then.mayBeCurrent || otherwise.mayBeCurrent);
            this.condition = condition;
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        double num(double x, double[] signals) {
            return condition.bool(x, signals) ? then.num(x, signals) : otherwise.num(x, signals);
        }

        @Override
        boolean bool(double x, double[] signals) {
            return condition.bool(x, signals) ? then.bool(x, signals) : otherwise.bool(x, signals);
        }

        @Override
        int choice(double x, double[] signals) {
            return condition.bool(x, signals) ? then.choice(x, signals) : otherwise.choice(x, signals);
        }
    }

    enum Fn {
        MIN("min", 2, Integer.MAX_VALUE),
        MAX("max", 2, Integer.MAX_VALUE),
        ABS("abs", 1, 1),
        ROUND("round", 1, 1),
        FLOOR("floor", 1, 1),
        CEIL("ceil", 1, 1),
        CLAMP("clamp", 3, 3);

        final String wireName;
        final int minArgs;
        final int maxArgs;

        Fn(String wireName, int minArgs, int maxArgs) {
            this.wireName = wireName;
            this.minArgs = minArgs;
            this.maxArgs = maxArgs;
        }

        static Fn named(String name) {
            for (Fn f : values()) {
                if (f.wireName.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    static final class Call extends Node {
        private final Fn fn;
        private final Node[] args;

        Call(Fn fn, Node[] args) {
            super(ValueType.NUMBER, false);
            this.fn = fn;
            this.args = args;
        }

        @Override
        double num(double x, double[] signals) {
            return switch (fn) {
                case MIN -> {
                    double m = args[0].num(x, signals);
                    for (int i = 1; i < args.length; i++) {
                        m = Math.min(m, args[i].num(x, signals));
                    }
                    yield m;
                }
                case MAX -> {
                    double m = args[0].num(x, signals);
                    for (int i = 1; i < args.length; i++) {
                        m = Math.max(m, args[i].num(x, signals));
                    }
                    yield m;
                }
                case ABS -> Math.abs(args[0].num(x, signals));
                // Python's round(): half to even, an integral result.
                case ROUND -> Math.rint(args[0].num(x, signals));
                case FLOOR -> Math.floor(args[0].num(x, signals));
                case CEIL -> Math.ceil(args[0].num(x, signals));
                case CLAMP -> {
                    double v = args[0].num(x, signals);
                    double lo = args[1].num(x, signals);
                    double hi = args[2].num(x, signals);
                    yield Math.max(lo, Math.min(hi, v));
                }
            };
        }
    }

    /**
     * Rewrites a checked tree into an equivalent one with fewer virtual calls per evaluation: constant
     * subtrees folded, arithmetic with a constant operand, {@code c ± k*x}, two-argument min/max with a
     * constant, round, and numeric comparisons get dedicated nodes. Every rewrite performs the same IEEE
     * operations on the same operands (only commutative + and * and min/max may swap operands, which
     * is exact), so results are bit-for-bit those of the original tree (a property test checks this).
     */
    static Node specialize(Node n) {
        if (n instanceof Neg neg) {
            Node o = specialize(neg.operand);
            return o instanceof Num c ? new Num(-c.value) : new Neg(o);
        }
        if (n instanceof Arith a) {
            return arith(a.op, specialize(a.left), specialize(a.right));
        }
        if (n instanceof Call call) {
            Node[] args = new Node[call.args.length];
            boolean constant = true;
            for (int i = 0; i < args.length; i++) {
                args[i] = specialize(call.args[i]);
                constant &= args[i] instanceof Num;
            }
            Call folded = new Call(call.fn, args);
            if (constant) {
                return new Num(folded.num(0, EMPTY));
            }
            if (call.fn == Fn.ROUND) {
                return new Round(args[0]);
            }
            if ((call.fn == Fn.MIN || call.fn == Fn.MAX) && args.length == 2) {
                boolean min = call.fn == Fn.MIN;
                if (args[0] instanceof Num c) {
                    return min ? new MinConst(c.value, args[1]) : new MaxConst(c.value, args[1]);
                }
                if (args[1] instanceof Num c) {
                    return min ? new MinConst(c.value, args[0]) : new MaxConst(c.value, args[0]);
                }
            }
            return folded;
        }
        if (n instanceof Compare cmp) {
            Node l = specialize(cmp.left);
            Node r = specialize(cmp.right);
            if (l.type == ValueType.NUMBER && r.type == ValueType.NUMBER) {
                int op = CompareNum.opcode(cmp.op);
                return r instanceof Num c ? new CompareConst(op, l, c.value) : new CompareNum(op, l, r);
            }
            return new Compare(cmp.op, l, r);
        }
        if (n instanceof And and) {
            return new And(specialize(and.left), specialize(and.right));
        }
        if (n instanceof Or or) {
            return new Or(specialize(or.left), specialize(or.right));
        }
        if (n instanceof Not not) {
            return new Not(specialize(not.operand));
        }
        if (n instanceof Conditional c) {
            return new Conditional(c.type, specialize(c.condition), specialize(c.then), specialize(c.otherwise));
        }
        return n;
    }

    private static final double[] EMPTY = new double[0];

    private static Node arith(char op, Node l, Node r) {
        if (l instanceof Num && r instanceof Num) {
            return new Num(new Arith(op, l, r).num(0, EMPTY));
        }
        switch (op) {
            case '+' -> {
                // a + b == b + a exactly in IEEE 754.
                if (l instanceof Num c) {
                    return addConst(c.value, r);
                }
                if (r instanceof Num c) {
                    return addConst(c.value, l);
                }
            }
            case '*' -> {
                // a * b == b * a exactly in IEEE 754.
                if (l instanceof Num c) {
                    return r instanceof X ? new ScaleX(c.value) : new MulConst(c.value, r);
                }
                if (r instanceof Num c) {
                    return l instanceof X ? new ScaleX(c.value) : new MulConst(c.value, l);
                }
            }
            case '-' -> {
                if (l instanceof Num c) {
                    return r instanceof ScaleX k ? new AffineSub(c.value, k.k) : new ConstMinus(c.value, r);
                }
                if (r instanceof Num c) {
                    return new MinusConst(l, c.value);
                }
            }
            default -> {
                // division keeps the generic node
            }
        }
        return new Arith(op, l, r);
    }

    private static Node addConst(double c, Node other) {
        return other instanceof ScaleX k ? new AffineAdd(c, k.k) : new AddConst(c, other);
    }

    /** {@code k*x}. */
    static final class ScaleX extends Node {
        private final double k;

        ScaleX(double k) {
            super(ValueType.NUMBER, false);
            this.k = k;
        }

        @Override
        double num(double x, double[] signals) {
            return k * x;
        }
    }

    /** {@code c + k*x}. */
    static final class AffineAdd extends Node {
        private final double c;
        private final double k;

        AffineAdd(double c, double k) {
            super(ValueType.NUMBER, false);
            this.c = c;
            this.k = k;
        }

        @Override
        double num(double x, double[] signals) {
            return c + k * x;
        }
    }

    /** {@code c - k*x}. */
    static final class AffineSub extends Node {
        private final double c;
        private final double k;

        AffineSub(double c, double k) {
            super(ValueType.NUMBER, false);
            this.c = c;
            this.k = k;
        }

        @Override
        double num(double x, double[] signals) {
            return c - k * x;
        }
    }

    static final class AddConst extends Node {
        private final double c;
        private final Node operand;

        AddConst(double c, Node operand) {
            super(ValueType.NUMBER, false);
            this.c = c;
            this.operand = operand;
        }

        @Override
        double num(double x, double[] signals) {
            return c + operand.num(x, signals);
        }
    }

    static final class MulConst extends Node {
        private final double c;
        private final Node operand;

        MulConst(double c, Node operand) {
            super(ValueType.NUMBER, false);
            this.c = c;
            this.operand = operand;
        }

        @Override
        double num(double x, double[] signals) {
            return c * operand.num(x, signals);
        }
    }

    /** {@code c - operand}. */
    static final class ConstMinus extends Node {
        private final double c;
        private final Node operand;

        ConstMinus(double c, Node operand) {
            super(ValueType.NUMBER, false);
            this.c = c;
            this.operand = operand;
        }

        @Override
        double num(double x, double[] signals) {
            return c - operand.num(x, signals);
        }
    }

    /** {@code operand - c}. */
    static final class MinusConst extends Node {
        private final Node operand;
        private final double c;

        MinusConst(Node operand, double c) {
            super(ValueType.NUMBER, false);
            this.operand = operand;
            this.c = c;
        }

        @Override
        double num(double x, double[] signals) {
            return operand.num(x, signals) - c;
        }
    }

    /** Two-argument min with a constant ({@link Math#min} is symmetric, NaN and signed zeros included). */
    static final class MinConst extends Node {
        private final double c;
        private final Node operand;

        MinConst(double c, Node operand) {
            super(ValueType.NUMBER, false);
            this.c = c;
            this.operand = operand;
        }

        @Override
        double num(double x, double[] signals) {
            return Math.min(c, operand.num(x, signals));
        }
    }

    static final class MaxConst extends Node {
        private final double c;
        private final Node operand;

        MaxConst(double c, Node operand) {
            super(ValueType.NUMBER, false);
            this.c = c;
            this.operand = operand;
        }

        @Override
        double num(double x, double[] signals) {
            return Math.max(c, operand.num(x, signals));
        }
    }

    /** Python's round(): half to even, an integral result. */
    static final class Round extends Node {
        private final Node operand;

        Round(Node operand) {
            super(ValueType.NUMBER, false);
            this.operand = operand;
        }

        @Override
        double num(double x, double[] signals) {
            return Math.rint(operand.num(x, signals));
        }
    }

    /** A comparison of two numbers, the operator as an int rather than a string. */
    static final class CompareNum extends Node {
        static final int LT = 0;
        static final int LE = 1;
        static final int GT = 2;
        static final int GE = 3;
        static final int EQ = 4;
        static final int NE = 5;

        private final int op;
        private final Node left;
        private final Node right;

        CompareNum(int op, Node left, Node right) {
            super(ValueType.BOOLEAN, false);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        static int opcode(String op) {
            return switch (op) {
                case "<" -> LT;
                case "<=" -> LE;
                case ">" -> GT;
                case ">=" -> GE;
                case "==" -> EQ;
                case "!=" -> NE;
                default -> throw new IllegalStateException("operator " + op);
            };
        }

        static boolean apply(int op, double a, double b) {
            return switch (op) {
                case LT -> a < b;
                case LE -> a <= b;
                case GT -> a > b;
                case GE -> a >= b;
                case EQ -> a == b;
                default -> a != b;
            };
        }

        @Override
        boolean bool(double x, double[] signals) {
            return apply(op, left.num(x, signals), right.num(x, signals));
        }
    }

    /** A comparison with a constant right-hand side, e.g. {@code x > 0.3}. */
    static final class CompareConst extends Node {
        private final int op;
        private final Node left;
        private final double c;

        CompareConst(int op, Node left, double c) {
            super(ValueType.BOOLEAN, false);
            this.op = op;
            this.left = left;
            this.c = c;
        }

        @Override
        boolean bool(double x, double[] signals) {
            return CompareNum.apply(op, left.num(x, signals), c);
        }
    }
}
