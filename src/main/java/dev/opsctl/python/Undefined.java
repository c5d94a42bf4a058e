package dev.opsctl.python;

/** What a guarded operand ({@code x | default(..)}, {@code x is defined}) evaluates to when it names nothing. */
public record Undefined(String name) {}
