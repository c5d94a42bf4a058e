package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** How a newcomer meets the command line: help on every command, options where they are typed, and readable text. */
class CommandLineUsageTest {
    @TempDir
    Path dir;

    /** Every command and subcommand, as the words a user types ("inventory graph"). */
    private static List<List<String>> allCommands() {
        List<List<String>> out = new ArrayList<>();
        collect(new CommandLine(new OpsctlCommand()), new ArrayList<>(), out);
        return out;
    }

    private static void collect(CommandLine cli, List<String> words, List<List<String>> out) {
        // Each command once, by its own name (an alias maps to the same command line).
        for (CommandLine c : new java.util.LinkedHashSet<>(cli.getSubcommands().values())) {
            List<String> sub = new ArrayList<>(words);
            sub.add(c.getCommandName());
            out.add(sub);
            collect(c, sub, out);
        }
    }

    @Test
    void everyCommandAnswersHelpBothWays() {
        List<List<String>> commands = allCommands();
        assertThat(commands).extracting(c -> String.join(" ", c))
                .contains("plan", "apply", "inventory graph", "inventory host", "help", "completion");
        for (List<String> words : commands) {
            List<String> args = new ArrayList<>(words);
            args.add("--help");
            CliRun flag = CliRun.of(args.toArray(String[]::new));
            assertThat(flag.exitCode()).as(args.toString() + flag.err()).isZero();
            assertThat(flag.out()).as(args.toString()).contains("Usage: opsctl " + String.join(" ", words) + " ");
            if (words.size() == 1 && !words.get(0).equals("help")) {
                CliRun help = CliRun.of("help", words.get(0));
                assertThat(help.exitCode()).as("help " + words).isZero();
                assertThat(help.out()).isEqualTo(flag.out());
            }
        }
        CliRun top = CliRun.of("help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).startsWith("Usage: opsctl").contains("plan", "completion");
    }

    @Test
    void helpTextWrapsAtSpacesNeverInsideAWord() {
        for (List<String> words : allCommands()) {
            List<String> args = new ArrayList<>(words);
            args.add("--help");
            String help = CliRun.of(args.toArray(String[]::new)).out();
            CommandSpec spec = spec(words);
            for (ArgSpec arg : spec.args()) {
                for (String line : arg.description()) {
                    for (String word : line.replace("${DEFAULT-VALUE}", String.valueOf(arg.defaultValue())).split("\\s+")) {
                        if (word.isEmpty() || word.length() > 40) continue;
                        assertThat(help).as(words + ": '" + word + "' whole").contains(word);
                    }
                }
            }
        }
        assertThat(CliRun.of("plan", "--help").out()).contains("~/.ssh/config");
    }

    @Test
    void exitCodesAreATableWhoseLinesFitTheWidthAndContinueUnderTheirMeaning() {
        String help = CliRun.of("plan", "--help").out();
        List<String> list = help.lines().dropWhile(l -> !l.equals("Exit codes:")).skip(1).toList();
        assertThat(list).isNotEmpty();
        int meaningColumn = list.get(0).indexOf("plan: no changes");
        assertThat(meaningColumn).isGreaterThan(2);
        for (String line : list) {
            assertThat(line.length()).as(line).isLessThanOrEqualTo(80);
            // A line either starts a code ("  5   ...") or continues the meaning above it, aligned under it.
            boolean code = line.matches("  [0-9/]+ +\\S.*");
            boolean continued = line.startsWith(" ".repeat(meaningColumn)) && !line.startsWith(" ".repeat(meaningColumn + 1));
            assertThat(code || continued).as("'" + line + "'").isTrue();
        }
        assertThat(String.join(" ", list).replaceAll(" +", " "))
                .contains("more hosts than --max-hosts/opsctl_max_hosts, protected hosts (opsctl_protected) without --confirm");
        assertThat(list).anyMatch(l -> l.startsWith("  130/143 "));
    }

    private static CommandSpec spec(List<String> words) {
        CommandLine cli = new CommandLine(new OpsctlCommand());
        for (String w : words) cli = cli.getSubcommands().get(w);
        return cli.getCommandSpec();
    }

    @Test
    void inventoryOptionsAfterTheSubcommandAndAGraphEndingInANewline() throws Exception {
        Path inv = Files.writeString(dir.resolve("hosts.ini"), "[web]\nweb1\n[db]\ndb1 db_port=5432\n");
        CliRun after = CliRun.of("inventory", "graph", "-i", inv.toString());
        CliRun before = CliRun.of("inventory", "-i", inv.toString(), "graph");
        assertThat(after.exitCode()).as(after.err()).isZero();
        assertThat(after.out()).isEqualTo(before.out()).contains("@web:\n  |  |--web1\n").endsWith("|--db1\n");
        CliRun list = CliRun.of("inventory", "list", "web", "-i", inv.toString());
        assertThat(list.out()).isEqualTo("web1\n");
        CliRun host = CliRun.of("inventory", "host", "db1", "-i", inv.toString());
        assertThat(host.exitCode()).as(host.err()).isZero();
        assertThat(host.out()).contains("\"db_port\" : 5432");
    }

    @Test
    void aSavedPlanNamedLikeMarkdownIsRefusedBeforeAnythingRuns() throws Exception {
        Path pb = Files.writeString(dir.resolve("site.yml"), "- hosts: localhost\n  tasks:\n    - file: {path: " + dir.resolve("made") + ", state: directory}\n");
        CliRun r = CliRun.of("plan", pb.toString(), "-o", dir.resolve("plan.md").toString(), "--format", "markdown");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("-o saves the plan as JSON").contains("--format markdown >");
        assertThat(dir.resolve("plan.md")).doesNotExist();
        assertThat(r.out()).isEmpty();
    }
}
