package dev.opsctl.inventory;

import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An Ansible host pattern ({@code hosts:} or {@code --limit}): names, groups, {@code all}/{@code *}, globs,
 * {@code ~regex}, unions with {@code :} or {@code ,}, {@code &} intersections, {@code !} exclusions and
 * {@code [i]}/{@code [i:j]} subscripts, evaluated in Ansible's order: unions first, then intersections, then exclusions.
 */
public final class HostPattern {
    /** Ansible's split_host_pattern: runs of characters, keeping a [..] expression whole even when it holds a colon. */
    private static final Pattern TERM = Pattern.compile("(?:[^\\s:\\[\\]]|\\[[^\\]]*\\])+");
    private static final Pattern SUBSCRIPT = Pattern.compile("^(.+)\\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\\]$");

    private final String text;
    private final List<Term> terms;

    private enum Kind { UNION, INTERSECTION, EXCLUSION }

    /** One pattern term: what it matches, and an optional subscript applied to that match. */
    private record Term(Kind kind, String expr, Pattern matcher, boolean wildcard, Integer from, Integer to) {}

    private HostPattern(String text, List<Term> terms) {
        this.text = text;
        this.terms = terms;
    }

    /** Parses a play's {@code hosts:} pattern; errors are reported against "hosts". */
    public static HostPattern parse(String pattern) {
        return parse(pattern, Source.of("hosts"));
    }

    /** Parses a pattern whose errors are reported at {@code origin} (the play's line, or "--limit"). */
    public static HostPattern parse(String pattern, Source origin) {
        if (pattern == null || pattern.isBlank()) throw new InputException(origin, "empty host pattern");
        List<Term> unions = new ArrayList<>();
        List<Term> intersections = new ArrayList<>();
        List<Term> exclusions = new ArrayList<>();
        for (String part : pattern.split(",")) {
            Matcher m = TERM.matcher(part);
            int end = 0;
            while (m.find()) {
                unexpected(part.substring(end, m.start()), origin, pattern);
                end = m.end();
                Term t = term(m.group(), origin, pattern);
                (t.kind() == Kind.UNION ? unions : t.kind() == Kind.INTERSECTION ? intersections : exclusions).add(t);
            }
            unexpected(part.substring(end), origin, pattern);
        }
        // only & and ! terms: Ansible starts from all
        if (unions.isEmpty()) unions.add(term("all", origin, pattern));
        List<Term> ordered = new ArrayList<>(unions);
        ordered.addAll(intersections);
        ordered.addAll(exclusions);
        return new HostPattern(pattern, List.copyOf(ordered));
    }

    /** Between terms only separators may stand; Ansible silently drops anything else, such as an unclosed '['. */
    private static void unexpected(String between, Source origin, String pattern) {
        String rest = between.replaceAll("[\\s:]", "");
        if (!rest.isEmpty()) {
            throw new InputException(origin, "unexpected '" + rest + "' in host pattern '" + pattern + "' (unclosed '['?)");
        }
    }

    private static Term term(String raw, Source origin, String pattern) {
        Kind kind = raw.startsWith("&") ? Kind.INTERSECTION : raw.startsWith("!") ? Kind.EXCLUSION : Kind.UNION;
        String expr = kind == Kind.UNION ? raw : raw.substring(1);
        if (expr.isEmpty()) throw new InputException(origin, "'" + raw + "' in host pattern '" + pattern + "' needs a name after it");
        Integer from = null;
        Integer to = null;
        Matcher sub = SUBSCRIPT.matcher(expr);
        if (!expr.startsWith("~") && sub.matches()) {
            expr = sub.group(1);
            if (sub.group(2) != null) {
                from = Integer.valueOf(sub.group(2));
                to = from;
            } else {
                from = Integer.valueOf(sub.group(3));
                to = sub.group(5).isEmpty() ? null : Integer.valueOf(sub.group(5));
                if (to == null) to = Integer.MAX_VALUE;
            }
        }
        Pattern matcher;
        try {
            matcher = expr.startsWith("~") ? Pattern.compile(expr.substring(1)) : Pattern.compile(Fnmatch.translate(expr), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new InputException(origin, "invalid regular expression '" + expr.substring(1) + "' in host pattern '"
                    + pattern + "': " + e.getDescription());
        }
        boolean wildcard = expr.startsWith("~") || expr.chars().anyMatch(c -> ".?*[".indexOf(c) >= 0);
        return new Term(kind, expr, matcher, wildcard, from, to);
    }

    /** The hosts the pattern selects, in inventory order, each once; the implicit localhost last if named. */
    public List<Host> select(Inventory inv) {
        Map<String, Host> selected = new LinkedHashMap<>();
        for (Term t : terms) {
            Map<String, Host> matched = new LinkedHashMap<>();
            for (Host h : matches(t, inv)) matched.put(h.name(), h);
            switch (t.kind()) {
                case UNION -> matched.forEach(selected::putIfAbsent);
                case INTERSECTION -> selected.keySet().retainAll(matched.keySet());
                case EXCLUSION -> selected.keySet().removeAll(matched.keySet());
            }
        }
        List<Host> out = new ArrayList<>(selected.values());
        out.sort(Comparator.comparingInt(h -> inv.position(h.name())));
        return List.copyOf(out);
    }

    /** Ansible's _enumerate_matches: matching groups' hosts; hosts too when no group matched or the term is a wildcard. */
    private static List<Host> matches(Term t, Inventory inv) {
        List<String> names = new ArrayList<>();
        boolean groupMatched = false;
        if (t.kind() == Kind.UNION && inv.host(t.expr()).isPresent()) {
            names.add(t.expr()); // a plain host name is taken as a host, as Ansible does before trying groups
        } else {
            for (String g : inv.groups().keySet()) {
                if (t.matcher().matcher(g).lookingAt()) {
                    groupMatched = true;
                    for (String h : inv.groupHosts(g)) if (!names.contains(h)) names.add(h);
                }
            }
            if (!groupMatched || t.wildcard()) {
                for (Host h : inv.hosts()) {
                    if (t.matcher().matcher(h.name()).lookingAt() && !names.contains(h.name())) names.add(h.name());
                }
            }
        }
        List<Host> hosts = new ArrayList<>();
        for (String n : names) hosts.add(inv.host(n).orElseThrow());
        if (hosts.isEmpty() && Inventory.LOCALHOST_NAMES.contains(t.expr())) hosts.add(Inventory.implicitHost(t.expr()));
        return subscript(t, hosts);
    }

    private static List<Host> subscript(Term t, List<Host> hosts) {
        if (t.from() == null) return hosts;
        int from = t.from() < 0 ? hosts.size() + t.from() : t.from();
        int to = t.to() < 0 ? hosts.size() + t.to() : Math.min(t.to(), hosts.size() - 1);
        if (from < 0 || from >= hosts.size()) return List.of();
        return from > to ? List.of() : hosts.subList(from, to + 1);
    }

    @Override
    public String toString() {
        return text;
    }
}
