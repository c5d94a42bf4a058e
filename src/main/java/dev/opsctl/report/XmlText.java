package dev.opsctl.report;

import org.w3c.dom.Attr;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Text that XML 1.0 can hold. Task names, messages and items may carry any character a host printed (an escape
 * sequence, a vertical tab); XML 1.0 forbids most control characters even as references ({@code &#27;} is not
 * well-formed), so each is written as visible text instead: {@code \x1b}.
 */
final class XmlText {
    private XmlText() {}

    /** {@code s} with every character XML 1.0 cannot hold written as {@code \xNN} (or {@code \\uNNNN}). */
    static String of(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                if (out != null) out.append(c).append(s.charAt(i + 1));
                i++;
                continue;
            }
            boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            if (allowed) {
                if (out != null) out.append(c);
                continue;
            }
            if (out == null) out = new StringBuilder(s.length() + 8).append(s, 0, i);
            out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
        }
        return out == null ? s : out.toString();
    }

    /** Cleans every attribute value and text node below {@code node}, in place; returns it. */
    static <N extends Node> N clean(N node) {
        NamedNodeMap attrs = node.getAttributes();
        if (attrs != null) {
            for (int i = 0; i < attrs.getLength(); i++) {
                Attr a = (Attr) attrs.item(i);
                a.setValue(of(a.getValue()));
            }
        }
        if (node.getNodeType() == Node.TEXT_NODE) node.setNodeValue(of(node.getNodeValue()));
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) clean(c);
        return node;
    }
}
