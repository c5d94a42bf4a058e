package dev.opsctl.inventory;

/** The inventory as {@code ansible-inventory --graph} draws it. */
public final class InventoryGraph {
    private InventoryGraph() {}

    /** Lines joined by newlines, without a trailing one: print it with println to match Ansible byte for byte. */
    public static String render(Inventory inv) {
        StringBuilder out = new StringBuilder();
        group(inv, "all", 0, out);
        return out.toString();
    }

    private static void group(Inventory inv, String name, int depth, StringBuilder out) {
        line("@" + name + ":", depth, out);
        Group g = inv.groups().get(name);
        for (String kid : g.children()) group(inv, kid, depth + 1, out);
        // Ansible leaves all's own hosts out: they are shown under ungrouped or their groups
        if (!name.equals("all")) {
            for (String host : g.hosts()) line(host, depth + 1, out);
        }
    }

    private static void line(String text, int depth, StringBuilder out) {
        if (out.length() > 0) out.append('\n');
        out.append("  |".repeat(depth)).append(depth > 0 ? "--" : "").append(text);
    }
}
