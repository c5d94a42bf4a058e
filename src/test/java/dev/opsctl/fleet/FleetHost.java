package dev.opsctl.fleet;

import java.nio.file.Path;

/**
 * One test host of a {@link Fleet}: its name (also its hostname), the address and port its sshd listens on
 * (127.0.0.1 and a port of its own, or an isolated host's own address and 22), and its directory.
 */
public record FleetHost(String name, String address, int port, Path dir) {
    /** Where the host's root is mounted; the mount is seen only inside the host's own namespace. */
    Path root() {
        return dir.resolve("root");
    }

    /** The host's copy-on-write layer: every file the host wrote, readable from outside. */
    Path upper() {
        return dir.resolve("upper");
    }

    Path hostKey() {
        return dir.resolve("hostkey");
    }
}
