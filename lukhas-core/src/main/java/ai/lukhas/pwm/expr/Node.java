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
}
