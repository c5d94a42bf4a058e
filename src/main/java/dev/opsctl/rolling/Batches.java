package dev.opsctl.rolling;

import java.util.ArrayList;
import java.util.List;

/** Splits hosts into batches the way Ansible's {@code serial} does (playbook_executor._get_serialized_batches). */
public final class Batches {
    private Batches() {}

    /**
     * The batches, in order. Each entry of {@code sizes} gives the next batch's size, the last one repeats until
     * every host is in a batch; an empty list, or a size of 0 or less, means all remaining hosts at once.
     * Percentages are of all the hosts given.
     */
    public static <T> List<List<T>> split(List<T> hosts, List<BatchSize> sizes) {
        List<List<T>> batches = new ArrayList<>();
        int total = hosts.size();
        int next = 0;
        int entry = 0;
        while (next < total) {
            int size = sizes.isEmpty() ? 0 : sizes.get(entry).hostsOf(total);
            int end = size <= 0 ? total : Math.min(total, next + size);
            batches.add(List.copyOf(hosts.subList(next, end)));
            next = end;
            entry = Math.min(entry + 1, Math.max(0, sizes.size() - 1));
        }
        return batches;
    }
}
