package dev.opsctl.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The per-host counts at the end of a run; opsctl and ansible-playbook print the same recap line format. */
record PlayRecap(Map<String, Counts> hosts) {
    private static final Pattern LINE = Pattern.compile(
            "^(\\S+)\\s*:\\s*ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)", Pattern.MULTILINE);

    record Counts(int ok, int changed, int unreachable, int failed) {}

    static PlayRecap parse(String output) {
        Map<String, Counts> hosts = new LinkedHashMap<>();
        Matcher m = LINE.matcher(output);
        while (m.find()) {
            hosts.put(m.group(1), new Counts(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5))));
        }
        return new PlayRecap(hosts);
    }

    /** Why this recap is not "every expected host ran and changed nothing", or an empty list when it is. */
    List<String> problemsForNoChange(List<String> expectedHosts) {
        List<String> problems = expectedHosts.stream().filter(h -> !hosts.containsKey(h)).map(h -> h + ": not in the recap")
                .collect(Collectors.toList());
        hosts.forEach((host, c) -> {
            if (c.changed() != 0 || c.unreachable() != 0 || c.failed() != 0) problems.add(host + ": " + c);
        });
        return problems;
    }
}
