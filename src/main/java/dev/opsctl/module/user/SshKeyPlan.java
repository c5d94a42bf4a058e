package dev.opsctl.module.user;

import dev.opsctl.facts.FactUpdate;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileWrite;
import dev.opsctl.module.user.SshKeyQuery.KeyPair;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.Shell;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * user's generate_ssh_key, as Ansible's ssh_key_gen decides it: an existing private key (or a public key without one)
 * is left alone unless {@code force}; otherwise ssh-keygen makes the pair, in ~/.ssh (created 0700 and owned by the
 * user when missing). The pair is made under a temporary name beside it and renamed into place, public key first, so
 * a private key at the final name always has its public key and neither file is ever half written.
 */
final class SshKeyPlan {
    /** Marks the lines the generating script prints for {@code register}. */
    static final String PUBLIC_MARK = "@@ssh-public-key ";
    static final String FINGERPRINT_MARK = "@@ssh-fingerprint ";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** generate_ssh_key's settings; {@code comment} null means Ansible's default, "ansible-generated on HOSTNAME". */
    record KeyArgs(int bits, String type, String file, String comment) {
        static KeyArgs parse(Args args) {
            if (!args.bool("generate_ssh_key", false)) return null;
            if (args.has("ssh_key_passphrase")) {
                // ssh-keygen takes a passphrase only from a terminal or its command line, where any user of the host
                // could read it in the process list.
                throw new ArgException("argument 'ssh_key_passphrase' is not supported: ssh-keygen would show it in "
                        + "the host's process list; generate the key without one, or upload it (copy with no_log)");
            }
            String bits = args.string("ssh_key_bits");
            int b;
            try {
                b = bits == null ? 0 : Integer.parseInt(bits.strip());
            } catch (NumberFormatException e) {
                throw new ArgException("argument 'ssh_key_bits' must be an integer, not '" + bits + "'");
            }
            String type = args.string("ssh_key_type") == null ? "rsa" : args.string("ssh_key_type");
            String file = args.string("ssh_key_file");
            return new KeyArgs(b, type, file == null ? ".ssh/id_" + type : file, args.string("ssh_key_comment"));
        }
    }

    private SshKeyPlan() {}

    /**
     * {@code user}'s plan with the key pair added: unchanged when the key is there (or only its public half, without
     * force), else one more step (and an update where the user itself needed none).
     */
    static Planned addTo(Planned user, String name, KeyArgs k, boolean force, SshKeyQuery query, KeyPair current) {
        List<FactUpdate<?>> predicted = new ArrayList<>(user.predicted());
        Change c = user.change();
        String skip = null;
        if (current.privateExists() && !force) skip = "ssh key " + current.path() + " exists (force: yes overwrites it)";
        else if (current.publicExists() && !current.privateExists() && !force) {
            skip = "ssh key " + current.path() + ".pub exists without its private key; not generated (force: yes overwrites it)";
        }
        if (skip != null) {
            predicted.add(new FactUpdate<>(query, current));
            if (!c.action().isChange()) return new Planned(Change.none(c.summary(), String.join("; ", c.details()) + "; " + skip), predicted);
            return new Planned(c, predicted);
        }
        predicted.add(new FactUpdate<>(query, new KeyPair(current.path(), true, true, null, null)));
        List<String> details = new ArrayList<>(c.action().isChange() ? c.details() : List.of());
        details.add((current.privateExists() || current.publicExists() ? "replace" : "generate") + " ssh key " + current.path()
                + " (" + k.type() + (k.bits() > 0 ? " " + k.bits() : "") + ")");
        // One script with the user's own, so the output read for register holds both the passwd entry and the key.
        List<Step> steps = new ArrayList<>(c.steps());
        String key = script(name, k, current.path());
        if (steps.isEmpty()) steps.add(new Step(key));
        else steps.set(steps.size() - 1, new Step(Shell.and(List.of(steps.get(steps.size() - 1).script(), key))));
        Action action = c.action().isChange() ? c.action() : Action.UPDATE;
        return new Planned(new Change(action, c.summary(), details, c.diff(), steps), predicted);
    }

    private static String script(String user, KeyArgs k, String path) {
        String dir = FileWrite.parent(path);
        String owner = "\"$(" + Shell.command("id", "-u", "--", user) + "):$(" + Shell.command("id", "-g", "--", user) + ")\"";
        List<String> keygen = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", k.type()));
        if (k.bits() > 0) keygen.addAll(List.of("-b", String.valueOf(k.bits())));
        String comment = k.comment() != null ? Shell.quote(k.comment()) : "\"ansible-generated on $(uname -n)\"";
        String tmp = Shell.path(dir + "/.opsctl." + HexFormat.of().formatHex(token()));
        List<String> out = new ArrayList<>();
        out.add("if [ ! -d " + Shell.path(dir) + " ]; then " + Shell.command("mkdir", "-m", "0700", "--", dir)
                + " && chown " + owner + " -- " + Shell.path(dir) + "; fi");
        out.add("tmp=" + tmp);
        out.add("trap 'rm -f \"$tmp\" \"$tmp.pub\"; exit 1' HUP INT TERM PIPE");
        out.add("if " + Shell.command(keygen) + " -C " + comment + " -N '' -f \"$tmp\" </dev/null; then "
                + "chown " + owner + " -- \"$tmp\" \"$tmp.pub\" && mv -f -- \"$tmp.pub\" " + Shell.path(path + ".pub")
                + " && mv -f -- \"$tmp\" " + Shell.path(path) + "; else rm -f -- \"$tmp\" \"$tmp.pub\"; false; fi");
        out.add("printf '" + PUBLIC_MARK + "%s\\n' \"$(head -n 1 -- " + Shell.path(path + ".pub") + ")\"");
        out.add("printf '" + FINGERPRINT_MARK + "%s\\n' \"$(ssh-keygen -l -f " + Shell.path(path) + ")\"");
        return Shell.and(out);
    }

    private static byte[] token() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
