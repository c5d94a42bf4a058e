package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * One side-by-side test's workspace: opsctl runs on one fleet host ({@link #ours()}, h001), ansible-playbook on its
 * twin ({@link #theirs()}, h002), both from the same inventory and playbooks in the test's temporary directory. The
 * checks every side-by-side test makes live here: both runs succeed, and afterwards opsctl plans no change on any
 * host while Ansible run on opsctl's host changes nothing.
 */
final class TwinHosts {
    private final Fleet fleet;
    private final Path dir;
    private Path inventory;
    private AnsibleSideBySide ansible;

    TwinHosts(Fleet fleet, Path dir) {
        this.fleet = fleet;
        this.dir = dir;
    }

    FleetHost ours() {
        return fleet.host("h001");
    }

    FleetHost theirs() {
        return fleet.host("h002");
    }

    /** Writes {@code text} to {@code name} under the workspace (directories made as needed). */
    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    Path inventory() throws IOException {
        if (inventory == null) {
            inventory = dir.resolve("inventory.yml");
            fleet.inventory(inventory);
        }
        return inventory;
    }

    /** {@code opsctl COMMAND PLAYBOOK -l LIMIT MORE...} on the fleet, in-process. */
    CliRun opsctl(String command, Path playbook, String limit, String... more) throws IOException {
        String[] args = Stream.concat(Stream.of("-l", limit), Stream.of(more)).toArray(String[]::new);
        return CliRun.onFleet(fleet, command, playbook, inventory(), args);
    }

    AnsibleSideBySide.Result ansible(Path playbook, String limit) throws IOException, InterruptedException {
        if (ansible == null) ansible = AnsibleSideBySide.configure(dir, fleet);
        return ansible.run(playbook, inventory(), limit);
    }

    /** opsctl applies {@code playbook} to ours, Ansible to theirs; both succeed. */
    void applyOnBoth(Path playbook) throws IOException, InterruptedException {
        CliRun apply = opsctl("apply", playbook, ours().name());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        AnsibleSideBySide.Result twin = ansible(playbook, theirs().name());
        assertThat(twin.exitCode()).as(twin.output()).isZero();
    }

    /** opsctl plans no change for {@code playbook} on any host, and Ansible run on ours changes nothing. */
    void settled(Path playbook) throws IOException, InterruptedException {
        settled(playbook, fleet.hosts());
    }

    /** opsctl plans no change for {@code playbook} on {@code planned}, and Ansible run on ours changes nothing. */
    void settled(Path playbook, List<FleetHost> planned) throws IOException, InterruptedException {
        for (FleetHost h : planned) {
            CliRun plan = opsctl("plan", playbook, h.name(), "--detailed-exitcode");
            assertThat(plan.exitCode()).as(h.name() + ": " + plan.out() + plan.err()).isZero();
            assertThat(plan.out()).contains("No changes.");
        }
        AnsibleSideBySide.Result after = ansible(playbook, ours().name());
        assertThat(after.exitCode()).as(after.output()).isZero();
        assertThat(after.changed(ours().name())).as(after.output()).isZero();
    }

    String read(FleetHost h, String path) throws IOException {
        return Files.readString(fleet.path(h, path));
    }

    /** The permissions of {@code path} on {@code h}, as {@code rw-r--r--}. */
    String mode(FleetHost h, String path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(fleet.path(h, path)));
    }

    /** Asserts that no opsctl temporary file is left in {@code directory} on {@code h}. */
    void noTempFilesIn(FleetHost h, String directory) throws IOException {
        try (Stream<Path> names = Files.list(fleet.path(h, directory))) {
            assertThat(names.map(p -> p.getFileName().toString())).as(h.name() + ":" + directory).noneMatch(n -> n.startsWith(".opsctl"));
        }
    }

    /** Asserts that no opsctl temporary file is left anywhere under {@code root} (a local directory). */
    static void noTempFilesUnder(Path root) throws IOException {
        try (Stream<Path> names = Files.walk(root)) {
            assertThat(names.map(p -> p.getFileName().toString())).as(root.toString()).noneMatch(n -> n.startsWith(".opsctl"));
        }
    }
}
