package dev.opsctl.python;

import java.util.AbstractList;
import java.util.List;

/** A Python tuple ({@code dict.items()}, {@code dictsort}): a list to templates, shown as {@code ('a', 1)}. */
public final class Tuple extends AbstractList<Object> {
    private final List<Object> items;

    public Tuple(Object... items) {
        this.items = java.util.Arrays.asList(items.clone());
    }

    @Override
    public Object get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
