package dev.opsctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Usage help whose descriptions wrap at spaces only. Picocli wraps where {@link java.text.BreakIterator} allows,
 * which includes after a dot or a colon: {@code ~/.ssh/config} came out as {@code ~/.} and {@code ssh/config}.
 */
final class WordWrappingHelp extends Help {
    WordWrappingHelp(CommandSpec spec, ColorScheme colors) {
        super(spec, colors);
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme colors) {
        Layout picocli = super.createDefaultLayout(options, positionals, colors);
        return new Layout(colors, new SpaceWrappingTable(colors, picocli.textTable().columns()), createDefaultOptionRenderer(),
                createDefaultParameterRenderer());
    }

    /** Key-value lists (the exit codes) wrap at spaces too, their lines continuing under the value column. */
    @Override
    public TextTable createTextTable(Map<?, ?> map) {
        TextTable picocli = super.createTextTable(map);
        if (map == null || map.isEmpty()) return picocli;
        TextTable table = new SpaceWrappingTable(colorScheme(), picocli.columns());
        table.indentWrappedLines = 0;
        map.forEach((key, value) -> table.addRowValues(String.valueOf(key), String.valueOf(value)));
        return table;
    }

    /** A table whose wrapping columns break lines at spaces; a word longer than a whole line is left to picocli. */
    private static final class SpaceWrappingTable extends TextTable {
        SpaceWrappingTable(ColorScheme colors, Column[] columns) {
            super(colors, columns);
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            if (column.overflow != Column.Overflow.WRAP || row != rowCount() - 1 || value == null) return super.putValue(row, col, value);
            int first = column.width - column.indent - 1;
            int next = first - indentWrappedLines;
            List<int[]> lines = wrap(value.plainString(), first, next);
            Cell cell = super.putValue(row, col, value.substring(lines.get(0)[0], lines.get(0)[1]));
            for (int[] line : lines.subList(1, lines.size())) {
                addEmptyRow();
                Text indented = value.substring(0, 0).concat(" ".repeat(indentWrappedLines)).concat(value.substring(line[0], line[1]));
                cell = super.putValue(rowCount() - 1, col, indented);
            }
            return cell;
        }

        /** Start and end of each line of {@code text}, broken at spaces so that each fits its width where it can. */
        static List<int[]> wrap(String text, int firstWidth, int width) {
            List<int[]> lines = new ArrayList<>();
            int start = 0;
            while (true) {
                int room = lines.isEmpty() ? firstWidth : width;
                if (text.length() - start <= room) {
                    lines.add(new int[] {start, text.length()});
                    return lines;
                }
                int space = text.lastIndexOf(' ', start + room);
                if (space <= start) space = text.indexOf(' ', start + room);
                if (space < 0) {
                    lines.add(new int[] {start, text.length()});
                    return lines;
                }
                lines.add(new int[] {start, space});
                start = space + 1;
            }
        }
    }
}
