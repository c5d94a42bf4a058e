package dev.opsctl.template;

import dev.opsctl.diag.Source;

/** A template or expression that could not be rendered; the message names the failing expression. */
public class TemplateException extends RuntimeException {
    private final Source at;

    public TemplateException(String message, Source at) {
        super(message);
        this.at = at == null ? Source.UNKNOWN : at;
    }

    public TemplateException(String message, Source at, Throwable cause) {
        super(message, cause);
        this.at = at == null ? Source.UNKNOWN : at;
    }

    /** Where the template came from (the task's file:line, as the caller gave it). */
    public Source at() {
        return at;
    }
}
