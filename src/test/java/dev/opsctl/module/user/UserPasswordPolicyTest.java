package dev.opsctl.module.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixture tests for user's password_lock, expires, password_expire_min/max and generate_ssh_key: facts in, plan out. */
class UserPasswordPolicyTest {
    private static final long DAY_2030_01_01 = 21915;
    private final UserModule module = new UserModule();

    @TempDir
    Path dir;

    private UserModule.UserArgs args(Map<String, Object> raw) {
        return new HostRun(dir).parse(module, raw);
    }

    /** The deploy account with {@code password} and the given shadow aging, and its key pair's state. */
    private static Facts host(String password, PasswordAgingQuery.Aging aging, SshKeyQuery.KeyPair key) {
        Facts f = UserModuleTest.host(UserModuleTest.deploy(List.of(), "/bin/sh", password));
        f.apply(new FactUpdate<>(new PasswordAgingQuery("deploy"), aging));
        f.apply(new FactUpdate<>(new SshKeyQuery("deploy", ".ssh/id_rsa", "/home/deploy"), key));
        return f;
    }

    private static final SshKeyQuery.KeyPair NO_KEY = new SshKeyQuery.KeyPair("/home/deploy/.ssh/id_rsa", false, false, null, null);
    private static final PasswordAgingQuery.Known AGING = new PasswordAgingQuery.Known(0, 99999, 7, DAY_2030_01_01);

    @Test
    void lockingAnUnlockedPasswordIsUsermodDashL() {
        Planned p = module.plan(args(Map.of("name", "deploy", "password_lock", true)), host("$6$x", AGING, NO_KEY));
        assertThat(p.change().details()).containsExactly("lock password");
        assertThat(p.change().steps().get(0).script()).startsWith("usermod -L -- deploy && ");
        assertThat(module.plan(args(Map.of("name", "deploy", "password_lock", true)), host("!$6$x", AGING, NO_KEY)).change().action())
                .isEqualTo(Action.NO_OP);
        assertThat(module.plan(args(Map.of("name", "deploy", "password_lock", false)), host("!$6$x", AGING, NO_KEY)).change().details())
                .containsExactly("unlock password");
    }

    @Test
    void aNewPasswordWithALockIsOneLockedFieldNotDashL() {
        Planned p = module.plan(args(Map.of("name", "deploy", "password", "$6$new", "password_lock", true)), host("$6$old", AGING, NO_KEY));
        assertThat(p.change().details()).containsExactly("password changed");
        assertThat(p.change().steps().get(0).script()).startsWith("usermod -p '!$6$new' -- deploy && ");
    }

    @Test
    void expiresComparesTheDayAndANegativeValueClearsOnlyASetExpiry() {
        long sameDayNoon = DAY_2030_01_01 * 86400 + 43200;
        assertThat(module.plan(args(Map.of("name", "deploy", "expires", sameDayNoon)), host("", AGING, NO_KEY)).change().action())
                .isEqualTo(Action.NO_OP);
        Planned later = module.plan(args(Map.of("name", "deploy", "expires", sameDayNoon + 86400 * 366)), host("", AGING, NO_KEY));
        assertThat(later.change().details()).containsExactly("expires 2030-01-01 -> 2031-01-02");
        assertThat(later.change().steps().get(0).script()).startsWith("usermod -e 2031-01-02 -- deploy && ");
        Planned never = module.plan(args(Map.of("name", "deploy", "expires", "-1")), host("", AGING, NO_KEY));
        assertThat(never.change().steps().get(0).script()).startsWith("usermod -e '' -- deploy && ");
        PasswordAgingQuery.Known noExpiry = new PasswordAgingQuery.Known(0, 99999, 7, -1);
        assertThat(module.plan(args(Map.of("name", "deploy", "expires", -1)), host("", noExpiry, NO_KEY)).change().action())
                .isEqualTo(Action.NO_OP);
    }

    @Test
    void agingSetsOnlyWhatDiffersAndSaysSoWhenShadowIsUnreadable() {
        Planned p = module.plan(args(Map.of("name", "deploy", "password_expire_min", 0, "password_expire_max", 90)), host("", AGING, NO_KEY));
        assertThat(p.change().details()).containsExactly("password_expire_max 99999 -> 90");
        assertThat(p.change().steps().get(0).script()).startsWith("chage -M 90 -- deploy && ");
        Planned blind = module.plan(args(Map.of("name", "deploy", "expires", 0)), host("", PasswordAgingQuery.UNKNOWN, NO_KEY));
        assertThat(blind.change().details()).singleElement().asString().startsWith("expires: cannot compare");
    }

    @Test
    void warnDaysAreChageDashWAndComparedWithShadow() {
        Planned p = module.plan(args(Map.of("name", "deploy", "password_expire_warn", 14, "password_expire_max", 99999)), host("", AGING, NO_KEY));
        assertThat(p.change().details()).containsExactly("password_expire_warn 7 -> 14");
        assertThat(p.change().steps().get(0).script()).startsWith("chage -W 14 -- deploy && ");
        assertThat(HostRun.predicted(p, new PasswordAgingQuery("deploy"))).isEqualTo(new PasswordAgingQuery.Known(0, 99999, 14, DAY_2030_01_01));
        assertThat(module.plan(args(Map.of("name", "deploy", "password_expire_warn", 7)), host("", AGING, NO_KEY)).change().action())
                .isEqualTo(Action.NO_OP);
        assertThatThrownBy(() -> args(Map.of("name", "deploy", "password_expire_warn", "soon")))
                .isInstanceOf(ArgException.class).hasMessageContaining("'password_expire_warn'");
    }

    @Test
    void onCreateSetsAPasswordOnlyForANewAccount() {
        Map<String, Object> onCreate = Map.of("name", "deploy", "password", "$6$new", "update_password", "on_create");
        assertThat(module.plan(args(onCreate), host("$6$old", AGING, NO_KEY)).change().action()).isEqualTo(Action.NO_OP);
        Planned always = module.plan(args(Map.of("name", "deploy", "password", "$6$new")), host("$6$old", AGING, NO_KEY));
        assertThat(always.change().details()).containsExactly("password changed");
        Facts none = UserModuleTest.host(dev.opsctl.facts.UserState.ABSENT);
        Planned created = module.plan(args(onCreate), none);
        assertThat(created.change().action()).isEqualTo(Action.CREATE);
        assertThat(created.change().steps().get(0).script()).contains("useradd").contains("-p '$6$new'");
    }

    @Test
    void aKeyIsGeneratedOnlyWhereNoneIsAndRegisterNamesIt() {
        Planned p = module.plan(args(Map.of("name", "deploy", "generate_ssh_key", true)), host("", AGING, NO_KEY));
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).containsExactly("generate ssh key /home/deploy/.ssh/id_rsa (rsa)");
        SshKeyQuery.KeyPair have = new SshKeyQuery.KeyPair("/home/deploy/.ssh/id_rsa", true, true, "3072 SHA256:abc x (RSA)", "ssh-rsa AAAA x");
        Planned none = module.plan(args(Map.of("name", "deploy", "generate_ssh_key", true)), host("", AGING, have));
        assertThat(none.change().action()).isEqualTo(Action.NO_OP);
        assertThat(none.change().details().get(0)).endsWith("ssh key /home/deploy/.ssh/id_rsa exists (force: yes overwrites it)");
        assertThat(module.registered(args(Map.of("name", "deploy", "generate_ssh_key", true)), none, null))
                .containsEntry("ssh_key_file", "/home/deploy/.ssh/id_rsa").containsEntry("ssh_public_key", "ssh-rsa AAAA x")
                .containsEntry("ssh_fingerprint", "3072 SHA256:abc x (RSA)");
        Planned forced = module.plan(args(Map.of("name", "deploy", "generate_ssh_key", true, "force", true)), host("", AGING, have));
        assertThat(forced.change().details()).containsExactly("replace ssh key /home/deploy/.ssh/id_rsa (rsa)");
    }

    @Test
    void aPassphraseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> args(Map.of("name", "deploy", "generate_ssh_key", true, "ssh_key_passphrase", "x")))
                .isInstanceOf(ArgException.class).hasMessageContaining("process list");
        assertThatThrownBy(() -> args(Map.of("name", "deploy", "expires", "tomorrow")))
                .isInstanceOf(ArgException.class).hasMessageContaining("'expires'");
    }

    @Test
    void aMatchingAccountStaysUnchanged() {
        Planned p = module.plan(args(Map.of("name", "deploy", "password_lock", false, "expires", DAY_2030_01_01 * 86400,
                "password_expire_max", 99999)), host("$6$x", AGING, NO_KEY));
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
    }
}
