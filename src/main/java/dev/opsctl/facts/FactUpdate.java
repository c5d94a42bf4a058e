package dev.opsctl.facts;

/** The state a fact will be in once a planned change is applied. */
public record FactUpdate<T>(FactQuery<T> query, T value) {}
