package dev.opsctl.template;

/** What a guarded operand ({@code x | default(..)}, {@code x is defined}) evaluates to when it names nothing. */
record Undefined(String name) {}
