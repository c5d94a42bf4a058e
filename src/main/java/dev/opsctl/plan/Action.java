package dev.opsctl.plan;

/** What a planned change does, with the symbol the text plan shows for it. */
public enum Action {
    NO_OP(" ", "no-op"),
    CREATE("+", "create"),
    UPDATE("~", "update"),
    DELETE("-", "delete"),
    RUN(">", "run");

    private final String symbol;
    private final String word;

    Action(String symbol, String word) {
        this.symbol = symbol;
        this.word = word;
    }

    public String symbol() {
        return symbol;
    }

    /** The lowercase name used in text and JSON output. */
    public String word() {
        return word;
    }

    public boolean isChange() {
        return this != NO_OP;
    }
}
