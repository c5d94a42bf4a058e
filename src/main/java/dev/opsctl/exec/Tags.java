package dev.opsctl.exec;

import java.util.List;

/** Ansible's {@code --tags}/{@code --skip-tags} selection, with the special tags always, never, tagged, untagged, all. */
public record Tags(List<String> only, List<String> skip) {
    public boolean selects(List<String> taskTags) {
        if (taskTags.stream().anyMatch(skip::contains)) return false;
        if (skip.contains("tagged") && !taskTags.isEmpty()) return false;
        if (skip.contains("untagged") && taskTags.isEmpty()) return false;
        if (only.isEmpty() || only.contains("all")) {
            return !taskTags.contains("never");
        }
        if (taskTags.contains("always")) return true;
        if (only.contains("tagged") && !taskTags.isEmpty()) return true;
        if (only.contains("untagged") && taskTags.isEmpty()) return true;
        return taskTags.stream().anyMatch(only::contains);
    }
}
