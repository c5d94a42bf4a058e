package dev.opsctl.exec;

import java.util.AbstractMap;
import java.util.Set;

/**
 * A stand-in for a host fact before facts are gathered, used only to find out which files a task will ask
 * about: every attribute of it is an empty string, so templates that read facts still render.
 */
final class FactStandIn extends AbstractMap<String, Object> {
    static final FactStandIn INSTANCE = new FactStandIn();

    private FactStandIn() {}

    @Override
    public Object get(Object key) {
        return "";
    }

    @Override
    public boolean containsKey(Object key) {
        return true;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return Set.of();
    }

    @Override
    public String toString() {
        return "";
    }
}
