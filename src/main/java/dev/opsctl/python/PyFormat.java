package dev.opsctl.python;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's printf-style string formatting, {@code 'format' % values}: {@code %s %r %d %i %u %x %X %o %e %E %f %F %g
 * %G %c %%}, a mapping key {@code %(name)s}, the flags {@code #0- +}, a width and a precision (either may be {@code *}).
 * A tuple gives the positional values; any other value is the only one, as in Python.
 */
final class PyFormat {
    private static final Pattern SPEC = Pattern.compile("%(?:\\(([^)]*)\\))?([#0\\- +]*)(\\*|\\d+)?(?:\\.(\\*|\\d*))?[hlL]?(.)?");

    private PyFormat() {}

    static String format(String format, Object values) {
        Object[] positional = values instanceof Tuple t ? t.toArray() : new Object[] {values};
        Map<?, ?> mapping = values instanceof Map<?, ?> m ? m : null;
        StringBuilder out = new StringBuilder();
        Matcher m = SPEC.matcher(format);
        int last = 0;
        int next = 0;
        boolean usedMapping = false;
        while (m.find(last)) {
            out.append(format, last, m.start());
            last = m.end();
            String type = m.group(5);
            if (type == null) throw new IllegalArgumentException("incomplete format");
            if (type.equals("%") && m.group(1) == null && m.end() - m.start() == 2) {
                out.append('%');
                continue;
            }
            String flags = m.group(2);
            Integer width = null;
            Integer precision = null;
            if ("*".equals(m.group(3))) width = intArg(positional, next++);
            else if (m.group(3) != null) width = Integer.parseInt(m.group(3));
            if ("*".equals(m.group(4))) precision = intArg(positional, next++);
            else if (m.group(4) != null) precision = m.group(4).isEmpty() ? 0 : Integer.parseInt(m.group(4));
            Object value;
            if (m.group(1) != null) {
                if (mapping == null) throw new IllegalArgumentException("format requires a mapping");
                if (!mapping.containsKey(m.group(1))) throw new IllegalArgumentException("KeyError: '" + m.group(1) + "'");
                value = Python.unwrap(mapping.get(m.group(1)));
                usedMapping = true;
            } else {
                if (next >= positional.length) throw new IllegalArgumentException("not enough arguments for format string");
                value = Python.unwrap(positional[next++]);
            }
            if (width != null && width < 0) {
                flags += "-";
                width = -width;
            }
            out.append(pad(convert(type.charAt(0), value, flags, precision), flags, width, "diuxXoeEfFgG".contains(type)));
        }
        out.append(format.substring(last));
        if (!usedMapping && next < positional.length && !(mapping != null && next == 0)) {
            throw new IllegalArgumentException("not all arguments converted during string formatting");
        }
        return out.toString();
    }

    private static int intArg(Object[] positional, int i) {
        if (i >= positional.length) throw new IllegalArgumentException("not enough arguments for format string");
        if (!(Python.unwrap(positional[i]) instanceof Number n)) throw new IllegalArgumentException("* wants int");
        return n.intValue();
    }

    private static String convert(char type, Object v, String flags, Integer precision) {
        String sign = flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
        return switch (type) {
            case 's' -> cut(Python.str(v), precision);
            case 'r', 'a' -> cut(Python.repr(v), precision);
            case 'd', 'i', 'u' -> signed(integer(type, v).toString(), sign);
            case 'x' -> signed(prefix(flags, "0x", Long.toHexString(Math.abs(integer(type, v))), integer(type, v)), sign);
            case 'X' -> signed(prefix(flags, "0X", Long.toHexString(Math.abs(integer(type, v))).toUpperCase(Locale.ROOT), integer(type, v)), sign);
            case 'o' -> signed(prefix(flags, "0o", Long.toOctalString(Math.abs(integer(type, v))), integer(type, v)), sign);
            case 'f', 'F' -> signed(fixed(real(type, v), precision == null ? 6 : precision), sign);
            case 'e', 'E' -> signed(exponent(real(type, v), precision == null ? 6 : precision, type == 'E'), sign);
            case 'g', 'G' -> signed(general(real(type, v), precision == null ? 6 : precision, type == 'G', flags.contains("#")), sign);
            case 'c' -> character(v);
            default -> throw new IllegalArgumentException("unsupported format character '" + type + "'");
        };
    }

    private static String cut(String s, Integer precision) {
        return precision == null || precision >= s.length() ? s : s.substring(0, precision);
    }

    private static Long integer(char type, Object v) {
        if (v instanceof Boolean b) return b ? 1L : 0L;
        if (v instanceof Number n) return n instanceof Double || n instanceof Float || n instanceof BigDecimal ? (long) n.doubleValue() : n.longValue();
        throw new IllegalArgumentException("%" + type + " format: a real number is required, not " + Python.typeOf(v));
    }

    private static double real(char type, Object v) {
        if (v instanceof Boolean b) return b ? 1 : 0;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("must be real number, not " + Python.typeOf(v));
    }

    /** The sign of a negative number comes from its digits; {@code +} or space adds one to a non-negative number. */
    private static String signed(String digits, String sign) {
        return digits.startsWith("-") ? digits : sign + digits;
    }

    private static String prefix(String flags, String alt, String digits, long value) {
        return (value < 0 ? "-" : "") + (flags.contains("#") ? alt : "") + digits;
    }

    private static String fixed(double d, int precision) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return special(d);
        return new BigDecimal(d).setScale(precision, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String exponent(double d, int precision, boolean upper) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return upper ? special(d).toUpperCase(Locale.ROOT) : special(d);
        String s = String.format(Locale.ROOT, "%." + precision + "e", d);
        return upper ? s.toUpperCase(Locale.ROOT) : s;
    }

    /** {@code %g}: fixed or exponent notation by the exponent, trailing zeros removed unless {@code #}. */
    private static String general(double d, int precision, boolean upper, boolean alternate) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return upper ? special(d).toUpperCase(Locale.ROOT) : special(d);
        int p = precision == 0 ? 1 : precision;
        if (d == 0) return alternate ? fixed(0, p - 1) : "0";
        String e = String.format(Locale.ROOT, "%." + (p - 1) + "e", d);
        int exp = Integer.parseInt(e.substring(e.indexOf('e') + 1));
        String s = exp >= -4 && exp < p ? fixed(d, p - 1 - exp) : e;
        if (!alternate) {
            int at = s.indexOf('e');
            String mantissa = at < 0 ? s : s.substring(0, at);
            if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
            s = mantissa + (at < 0 ? "" : s.substring(at));
        }
        return upper ? s.toUpperCase(Locale.ROOT) : s;
    }

    private static String special(double d) {
        return Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
    }

    private static String character(Object v) {
        if (v instanceof CharSequence s && s.codePoints().count() == 1) return s.toString();
        if (v instanceof Number n) return Character.toString(n.intValue());
        throw new IllegalArgumentException("%c requires int or char");
    }

    /** Width: spaces on the left, or on the right with {@code -}; zeros after the sign with {@code 0} for numbers. */
    private static String pad(String s, String flags, Integer width, boolean numeric) {
        if (width == null || s.length() >= width) return s;
        int missing = width - s.length();
        if (flags.contains("-")) return s + " ".repeat(missing);
        if (flags.contains("0") && numeric) {
            int signEnd = s.startsWith("-") || s.startsWith("+") || s.startsWith(" ") ? 1 : 0;
            if (s.startsWith("0x", signEnd) || s.startsWith("0X", signEnd) || s.startsWith("0o", signEnd)) signEnd += 2;
            return s.substring(0, signEnd) + "0".repeat(missing) + s.substring(signEnd);
        }
        return " ".repeat(missing) + s;
    }
}
