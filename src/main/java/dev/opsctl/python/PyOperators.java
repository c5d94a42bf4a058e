package dev.opsctl.python;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Python's binary operators where Java's arithmetic gives another answer: {@code *} repeats a str or a list,
 * {@code %} formats a str ({@link PyFormat}) and takes the sign of the divisor on numbers, {@code **} with a negative
 * exponent is a float. Anything else returns {@link #NOT_HANDLED}, and the expression language's own arithmetic goes on.
 */
public final class PyOperators {
    /** The operands are numbers this class leaves to the caller's arithmetic. */
    public static final Object NOT_HANDLED = new Object();

    private PyOperators() {}

    /** {@code a * b}: {@code 'x' * 3}, {@code 3 * 'x'}, {@code [a] * 3}. */
    public static Object multiply(Object left, Object right) {
        Object a = Python.unwrap(left);
        Object b = Python.unwrap(right);
        if (isSequence(a) || isSequence(b)) {
            Object seq = isSequence(a) ? a : b;
            Object times = isSequence(a) ? b : a;
            if (!isInt(times)) {
                throw new IllegalArgumentException("can't multiply sequence by non-int of type '" + Python.typeOf(times) + "'");
            }
            return repeat(seq, count(times));
        }
        return NOT_HANDLED;
    }

    /** {@code a % b}: printf-style formatting of a str, Python's floored modulo of numbers. */
    public static Object modulo(Object left, Object right) {
        Object a = Python.unwrap(left);
        Object b = Python.unwrap(right);
        if (a instanceof CharSequence s) return PyFormat.format(s.toString(), b);
        if (isInt(a) && isInt(b)) {
            long d = count(b);
            if (d == 0) throw new ArithmeticException("integer division or modulo by zero");
            return narrow(Math.floorMod(count(a), d));
        }
        if (a instanceof Number x && b instanceof Number y) {
            double d = y.doubleValue();
            if (d == 0) throw new ArithmeticException("float modulo");
            double r = x.doubleValue() % d;
            return r != 0 && (r < 0) != (d < 0) ? r + d : r;
        }
        return NOT_HANDLED;
    }

    /** {@code a ** b}: an int to a non-negative int power stays exact; otherwise a float, as in Python. */
    public static Object power(Object left, Object right) {
        Object a = Python.unwrap(left);
        Object b = Python.unwrap(right);
        if (!(a instanceof Number) && !(a instanceof Boolean) || !(b instanceof Number) && !(b instanceof Boolean)) {
            throw new IllegalArgumentException("unsupported operand type(s) for ** or pow(): '" + Python.typeOf(a) + "' and '" + Python.typeOf(b) + "'");
        }
        if (isInt(a) && isInt(b) && count(b) >= 0) {
            BigInteger r = BigInteger.valueOf(count(a)).pow((int) count(b));
            return r.bitLength() < 32 ? (Object) r.intValue() : r.bitLength() < 64 ? (Object) r.longValue() : r;
        }
        return Math.pow(asDouble(a), asDouble(b));
    }

    private static boolean isSequence(Object v) {
        return v instanceof CharSequence || v instanceof Collection<?> && !(v instanceof java.util.Set<?>);
    }

    /** An int to Python: Integer, Long, BigInteger, or a bool (Python's bool is an int). */
    private static boolean isInt(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte || v instanceof Boolean
                || v instanceof BigInteger;
    }

    private static long count(Object v) {
        return v instanceof Boolean bool ? (bool ? 1 : 0) : ((Number) v).longValue();
    }

    private static double asDouble(Object v) {
        return v instanceof Boolean bool ? (bool ? 1 : 0) : ((Number) v).doubleValue();
    }

    private static Object narrow(long l) {
        return l == (int) l ? (Object) (int) l : (Object) l;
    }

    private static Object repeat(Object seq, long times) {
        if (seq instanceof CharSequence s) return times <= 0 ? "" : s.toString().repeat(Math.toIntExact(times));
        Collection<?> items = (Collection<?>) seq;
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < times; i++) out.addAll(items);
        return seq instanceof Tuple ? new Tuple(out.toArray()) : out;
    }
}
