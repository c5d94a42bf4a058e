package dev.opsctl.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps a test fleet up for trying things by hand: {@code java -cp target/test-classes:target/classes
 * dev.opsctl.fleet.FleetShell N DIR} starts N hosts, writes DIR/inventory.yml and DIR/known_hosts, and stops the
 * fleet when its standard input closes (or on Ctrl-C).
 */
public final class FleetShell {
    private FleetShell() {}

    public static void main(String[] args) throws IOException {
        int count = Integer.parseInt(args[0]);
        Path dir = Files.createDirectories(Path.of(args[1]));
        try (Fleet fleet = Fleet.start(count)) {
            fleet.inventory(dir.resolve("inventory.yml"));
            Files.copy(fleet.knownHosts(), dir.resolve("known_hosts"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.out.println("fleet up: " + dir.resolve("inventory.yml") + " (close stdin to stop)");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Waiting for the caller to close standard input.
            }
        }
    }
}
