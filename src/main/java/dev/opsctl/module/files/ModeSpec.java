package dev.opsctl.module.files;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import dev.opsctl.module.SymbolicMode;

/**
 * A requested file mode: octal bits, or a symbolic chmod expression that depends on the entry's current mode
 * (so it is resolved per entry at plan time).
 */
public record ModeSpec(Integer octal, String symbolic) {
    /** Reads argument {@code name} as Ansible does ({@link Args#mode}); null when unset. */
    public static ModeSpec parse(Args args, String name) {
        Object raw = args.raw(name);
        if (raw == null) return null;
        String s = String.valueOf(raw).trim();
        if (s.equals("preserve")) throw new ArgException("argument '" + name + "': mode 'preserve' is not supported");
        // Args.mode reads (and validates) both forms; only a symbolic one depends on the entry it is applied to.
        Integer resolved = args.mode(name, 0, false);
        if (raw instanceof Number || s.matches("0?[0-7]{3,4}|0o[0-7]{3,4}")) return new ModeSpec(resolved, null);
        return new ModeSpec(null, s);
    }

    /**
     * The mode for an entry whose mode is {@code current}; a symbolic mode on an entry whose mode is unknown (-1,
     * a file still to be created with the host's umask) stays unknown: -1, and chmod applies the expression on the host.
     */
    public int resolve(int current, boolean directory) {
        if (octal != null) return octal;
        return current < 0 ? -1 : SymbolicMode.apply(symbolic, current, directory);
    }

    /**
     * The argument for {@code chmod -R}: octal digits, or the symbolic expression with an explicit {@code a} where
     * no user class is given (chmod would otherwise mask it with the umask, which the plan does not assume).
     */
    public String chmodArgument() {
        if (octal != null) return FileAttrs.octal(octal);
        StringBuilder sb = new StringBuilder();
        for (String clause : symbolic.split(",")) {
            if (sb.length() > 0) sb.append(',');
            if (!clause.isEmpty() && "+-=".indexOf(clause.charAt(0)) >= 0) sb.append('a');
            sb.append(clause);
        }
        return sb.toString();
    }
}
