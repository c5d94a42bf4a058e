package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.shard.Shard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --shard through the command line on local hosts (ansible_connection=local, each writing its own file): what each
 * shard plans and applies, and what is refused. Four runners against real sshd hosts: ShardIT.
 */
class ShardCommandTest {
    @TempDir
    Path dir;

    private static final List<String> HOSTS = List.of("a1", "a2", "a3", "a4", "a5", "a6");

    private Path inventory(List<String> hosts) throws Exception {
        StringBuilder ini = new StringBuilder("[web]\n");
        for (String h : hosts) ini.append(h).append(" ansible_connection=local\n");
        ini.append("[db]\nd1 ansible_connection=local\n");
        Path f = dir.resolve("inv.ini");
        Files.writeString(f, ini);
        return f;
    }

    private Path playbook() throws Exception {
        Path f = dir.resolve("site.yml");
        Files.writeString(f, """
                - hosts: web
                  tasks:
                    - copy: content="{{ inventory_hostname }}\\n" dest=OUT/{{ inventory_hostname }}
                """.replace("OUT", dir.resolve("out").toString()));
        Files.createDirectories(dir.resolve("out"));
        return f;
    }

    @Test
    void eachShardAppliesOnlyItsOwnHostsAndSaysWhichShardItIs() throws Exception {
        Path inv = inventory(HOSTS);
        Path pb = playbook();
        int applied = 0;
        for (int k = 1; k <= 3; k++) {
            CliRun r = CliRun.of("apply", pb.toString(), "-i", inv.toString(), "--shard", k + "/3");
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            int size = new Shard(k, 3).of(HOSTS).size();
            assertThat(r.out()).startsWith("Shard " + k + "/3: " + size + " of 6 selected hosts")
                    .containsPattern("(?s)RECAP.*Shard " + k + "/3: " + size + " of 6 selected hosts.*serial batches and max_fail_percentage count within this shard");
            for (String h : HOSTS) {
                assertThat(Files.exists(dir.resolve("out/" + h))).as(h + " after shard " + k).isEqualTo(Shard.owner(h, 3) <= k);
            }
            applied += size;
        }
        assertThat(applied).isEqualTo(6);
        assertThat(dir.resolve("out/d1")).as("a host the play does not select is in no shard").doesNotExist();
    }

    @Test
    void aSavedShardPlanIsRefusedWhenTheSelectionChanged() throws Exception {
        Path inv = inventory(HOSTS);
        Path pb = playbook();
        Path saved = dir.resolve("shard-1.json");
        CliRun plan = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--shard", "1/2", "-o", saved.toString());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(CliRun.of("apply", saved.toString(), "--shard", "1/2").err())
                .contains("error: a saved plan carries its own shard; leave out --shard");
        inventory(List.of("a1", "a2", "a3", "a4", "a5", "a6", "a7"));
        CliRun stale = CliRun.of("apply", saved.toString());
        assertThat(stale.exitCode()).as(stale.out() + stale.err()).isEqualTo(5);
        assertThat(stale.err()).contains("error: the host selection changed since shard 1/2 was planned: 6 hosts then, 7 now");
        for (String h : HOSTS) assertThat(dir.resolve("out/" + h)).doesNotExist();
    }

    @Test
    void badShardOptionsAreInvalidInputAndChangeNothing() throws Exception {
        Path inv = inventory(HOSTS);
        Path pb = playbook();
        CliRun zero = CliRun.of("apply", pb.toString(), "-i", inv.toString(), "--shard", "0/4");
        assertThat(zero.exitCode()).isEqualTo(3);
        assertThat(zero.err()).contains("error: --shard: shard 0/4 does not exist: K must be between 1 and 4");
        CliRun count = CliRun.of("apply", pb.toString(), "-i", inv.toString(), "--shard", "1/4", "--shard-count", "4");
        assertThat(count.err()).contains("--shard-count goes with --shard auto");
        assertThat(CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--shard", "half").err()).contains("'half' is not K/N");
        assertThat(dir.resolve("out")).isEmptyDirectory();
    }

    @Test
    void aShardedRebootNeedsThePostgresJournalOrABatchPerShard() throws Exception {
        Path inv = inventory(HOSTS);
        CliRun refused = CliRun.of("reboot", "web", "-i", inv.toString(), "--shard", "1/2", "--batch", "25%", "--yes");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("--shard 1/2: a fleet-wide --batch needs a count every runner shares, and the run journal is not PostgreSQL")
                .contains("--batch-per-shard").contains("nothing was done");
        CliRun alone = CliRun.of("reboot", "web", "-i", inv.toString(), "--batch-per-shard", "--yes");
        assertThat(alone.err()).contains("--batch-per-shard goes with --shard");
        CliRun dry = CliRun.of("reboot", "web", "-i", inv.toString(), "--shard", "2/2", "--batch-per-shard", "--dry-run", "--yes");
        int size = new Shard(2, 2).of(HOSTS).size();
        assertThat(dry.out()).as(dry.out() + dry.err()).startsWith("Shard 2/2: " + size + " of 6 selected hosts")
                .contains("--batch and --max-failures count within this shard")
                .contains("would reboot " + size + " of " + size + " hosts");
    }

    @Test
    void helpNamesTheShardOptions() {
        assertThat(CliRun.of("plan", "--help").out()).contains("--shard=K/N|auto").contains("--shard-count=N");
        assertThat(CliRun.of("reboot", "--help").out()).contains("--shard=K/N|auto").contains("--batch-per-shard");
        assertThat(CliRun.of("show", "--help").out()).contains("--merge=SHARD_PLAN");
    }
}
