package dev.opsctl.module;

/** chmod-style symbolic modes ({@code u=rw,g=r,o=}, {@code a+x}, {@code g-w}, {@code +X}) applied to a mode. */
public final class SymbolicMode {
    private SymbolicMode() {}

    public static int apply(String spec, int mode, boolean directory) {
        int result = mode & 07777;
        for (String clause : spec.split(",")) {
            int i = 0;
            int who = 0;
            for (; i < clause.length() && "ugoa".indexOf(clause.charAt(i)) >= 0; i++) {
                switch (clause.charAt(i)) {
                    case 'u' -> who |= 04700;
                    case 'g' -> who |= 02070;
                    case 'o' -> who |= 01007;
                    default -> who |= 07777;
                }
            }
            if (who == 0) who = 07777;
            if (i >= clause.length()) throw new IllegalArgumentException(spec);
            while (i < clause.length()) {
                char op = clause.charAt(i++);
                if ("+-=".indexOf(op) < 0) throw new IllegalArgumentException(spec);
                int bits = 0;
                for (; i < clause.length() && "rwxXst".indexOf(clause.charAt(i)) >= 0; i++) {
                    switch (clause.charAt(i)) {
                        case 'r' -> bits |= 0444;
                        case 'w' -> bits |= 0222;
                        case 'x' -> bits |= 0111;
                        case 'X' -> { if (directory || (mode & 0111) != 0) bits |= 0111; }
                        case 's' -> bits |= 06000;
                        default -> bits |= 01000;
                    }
                }
                bits &= who;
                switch (op) {
                    case '+' -> result |= bits;
                    case '-' -> result &= ~bits;
                    default -> result = (result & ~(who & 0777)) | bits;
                }
            }
        }
        return result;
    }
}
