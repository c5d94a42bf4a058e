package dev.opsctl.metrics;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A small inline SVG chart, one value per week: bars or a line, with a labelled axis. No script, no fonts or images
 * from elsewhere: the report must open on a wall screen without a network.
 */
final class SvgChart {
    private static final int WIDTH = 560, HEIGHT = 220, LEFT = 48, RIGHT = 12, TOP = 28, BOTTOM = 40;

    /** One point: its label under the axis and its value (NaN: no value that week). */
    record Point(String label, double value, boolean partial) {}

    private SvgChart() {}

    static String bars(String title, List<Point> points, double max, DoubleFunction<String> axisLabel, String colour) {
        return chart(title, points, max, axisLabel, colour, false);
    }

    static String line(String title, List<Point> points, double max, DoubleFunction<String> axisLabel, String colour) {
        return chart(title, points, max, axisLabel, colour, true);
    }

    private static String chart(String title, List<Point> points, double rawMax, DoubleFunction<String> axisLabel, String colour, boolean line) {
        double max = rawMax > 0 ? rawMax : 1;
        int plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Markup.escape(title)).append("\">\n");
        s.append("<title>").append(Markup.escape(title)).append("</title>\n");
        s.append("<text x=\"").append(LEFT).append("\" y=\"18\" class=\"chart-title\">").append(Markup.escape(title)).append("</text>\n");
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            double y = TOP + plotH - plotH * i / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>%n", LEFT, y, WIDTH - RIGHT, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 6, y + 4, Markup.escape(axisLabel.apply(v))));
        }
        int n = Math.max(points.size(), 1);
        double slot = (double) plotW / n;
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double cx = LEFT + slot * i + slot / 2;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s</text>%n",
                    cx, HEIGHT - BOTTOM + 16, Markup.escape(p.label() + (p.partial() ? "*" : ""))));
            if (Double.isNaN(p.value())) continue;
            double h = plotH * Math.min(p.value(), max) / max;
            double y = TOP + plotH - h;
            String tip = Markup.escape(p.label() + ": " + axisLabel.apply(p.value()));
            if (line) {
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", cx, y));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%s</title></circle>%n", cx, y, colour, tip));
            } else {
                double w = slot * 0.6;
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"%s><title>%s</title></rect>%n",
                        cx - w / 2, y, w, h, colour, p.partial() ? " fill-opacity=\"0.45\"" : "", tip));
            }
        }
        if (line && path.length() > 0) {
            s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"/>\n");
        }
        s.append("</svg>");
        return s.toString();
    }
}
