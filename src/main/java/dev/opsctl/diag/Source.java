package dev.opsctl.diag;

/** A position in an input file, for error messages: {@code site.yml:12:5}. Line and column are 1-based; 0 means unknown. */
public record Source(String file, int line, int column) {
    public static final Source UNKNOWN = new Source("<unknown>", 0, 0);

    public static Source of(String file) {
        return new Source(file, 0, 0);
    }

    @Override
    public String toString() {
        if (line <= 0) return file;
        return column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
    }
}
