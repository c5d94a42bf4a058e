package dev.opsctl.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The extension hands the class one fleet of the size it asked for, as a static field and as a parameter. */
@FleetHosts(2)
class FleetExtensionIT {
    private static Fleet fleet;
    private static Fleet seenBeforeAll;

    @BeforeAll
    static void fieldIsSetBeforeBeforeAllMethods(Fleet asParameter) {
        assertThat(fleet).isNotNull();
        seenBeforeAll = asParameter;
    }

    @Test
    void theClassGetsOneFleetOfTheSizeItAskedFor(Fleet asParameter) throws Exception {
        assertThat(asParameter).isSameAs(fleet).isSameAs(seenBeforeAll);
        assertThat(fleet.hosts()).extracting(FleetHost::name).containsExactly("h001", "h002");
        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.readString(fleet.path(h, "/etc/hostname"))).isEqualTo(h.name() + "\n");
        }
        FleetHost h2 = fleet.host("h002");
        // OpenSSH's form: [address]:port, or the address alone for port 22 (isolated hosts).
        assertThat(Files.readString(fleet.knownHosts())).contains((h2.port() == 22 ? h2.address() : "[" + h2.address() + "]:" + h2.port()) + " ssh-ed25519 ");
        assertThat(fleet.clientKey()).exists();
    }
}
