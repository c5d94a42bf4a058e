package dev.opsctl.template;

import dev.opsctl.diag.Source;

/** A template used a variable (or a dict key, {@code foo.bar}) that is not defined. */
public final class UndefinedVariableException extends TemplateException {
    private final String variable;

    public UndefinedVariableException(String variable, String message, Source at) {
        super(message, at);
        this.variable = variable;
    }

    public UndefinedVariableException(String variable, Source at) {
        this(variable, "undefined variable '" + variable + "'", at);
    }

    /** The undefined name as written in the template: {@code foo} or {@code foo.bar}. */
    public String variable() {
        return variable;
    }
}
