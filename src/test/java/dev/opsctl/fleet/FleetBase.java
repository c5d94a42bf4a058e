package dev.opsctl.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every host of one or many {@link Fleet}s shares: a work directory, the client key authorised on every host,
 * and the common layer (users, sudo rules, reboot shims) each host's own layer starts from. Built once, it lets
 * {@link #lease(int)} start fresh hosts without building the layer again; {@link FleetExtension} keeps one per
 * test JVM.
 */
public final class FleetBase implements AutoCloseable {
    private final Path work;
    private final AtomicInteger leases = new AtomicInteger();
    private final List<Fleet> open = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "fleet-base-shutdown");
    private volatile boolean closed;
    private FleetNetwork network;

    private FleetBase(Path work) {
        this.work = work;
    }

    /** Makes the client key and the common layer; fails with what is missing when the machine cannot host a fleet. */
    public static FleetBase create() throws IOException {
        Fleet.requirePrerequisites();
        FleetBase base = new FleetBase(Files.createTempDirectory("opsctl-fleet-"));
        Runtime.getRuntime().addShutdownHook(base.shutdownHook);
        try {
            Fleet.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "opsctl-fleet-client", "-f", base.clientKey().toString());
            // Users, sudo rules and shims once, in a layer every host shares: ~0.4 s of CPU saved per host.
            try {
                Fleet.run("setsid", "unshare", "--mount", "--propagation", "private", "sh", Fleet.SCRIPT.toString(), "common",
                        base.commonLayer().toString(), base.clientKey() + ".pub");
            } finally {
                Fleet.killAll(base.commonLayer().resolve("root").toString(), null);
            }
            return base;
        } catch (IOException | RuntimeException e) {
            Fleet.closeAfter(e, base);
            throw e;
        }
    }

    /**
     * Starts {@code count} fresh hosts h001, h002, ... in a directory of their own (names repeat across leases, the
     * hosts do not) and waits until every sshd answers. Closing the returned fleet stops only its hosts.
     */
    public Fleet lease(int count) throws IOException {
        return lease(count, Fleet.ISOLATED_BY_DEFAULT, false);
    }

    /** As {@link #lease(int)}; {@code isolated} hosts each get a network and PID namespace of their own. */
    public Fleet lease(int count, boolean isolated) throws IOException {
        return lease(count, isolated, false);
    }

    Fleet lease(int count, boolean isolated, boolean ownsBase) throws IOException {
        if (closed) throw new IllegalStateException("fleet base is closed");
        Path dir = Files.createDirectory(work.resolve("lease-" + leases.incrementAndGet()));
        Fleet fleet = Fleet.start(this, ownsBase, dir, count, isolated ? network() : null);
        synchronized (open) {
            open.add(fleet);
        }
        return fleet;
    }

    /** The private key (ed25519, no passphrase) authorised for root, opsuser and opspass on every host. */
    Path clientKey() {
        return work.resolve("client_key");
    }

    Path commonLayer() {
        return work.resolve("common");
    }

    /** The isolated hosts' bridge and NAT, made on the first isolated lease and removed with the base. */
    synchronized FleetNetwork network() throws IOException {
        if (network == null) network = FleetNetwork.create();
        return network;
    }

    void released(Fleet fleet) {
        synchronized (open) {
            open.remove(fleet);
        }
    }

    /** Stops every fleet still leased from this base and removes the work directory. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        List<String> problems = new ArrayList<>();
        List<Fleet> still;
        synchronized (open) {
            still = List.copyOf(open);
        }
        for (Fleet f : still) {
            try {
                f.close();
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        synchronized (this) {
            try {
                if (network != null) network.close();
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        try {
            if (problems.isEmpty() && Files.exists(work)) Fleet.deleteTree(work);
        } catch (IOException | RuntimeException e) {
            problems.add("cannot remove " + work + ": " + e.getMessage());
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // close() is running from the hook itself.
        }
        if (!problems.isEmpty()) throw new IllegalStateException("fleet cleanup: " + String.join("; ", problems));
    }
}
