package dev.opsctl.module.aptkey;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileSetQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.files.FileWrite;
import dev.opsctl.module.geturl.Downloads;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.Shell;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ansible's {@code apt_key} without apt-key, which Debian has deprecated: keys are added to and removed from keyring
 * files, as Ansible's own documentation now advises. Without {@code keyring}, a key goes to its own file in
 * /etc/apt/trusted.gpg.d/ and is looked for in every trusted keyring, as apt-key did. Keys are read in Java (no gpg on
 * the controller or host); a key from {@code url} is downloaded by the controller, as get_url's are.
 */
public final class AptKeyModule implements HostModule<AptKeyModule.KeyArgs> {
    /** Where a key's data comes from. */
    public sealed interface Source permits Url, Data, HostFile {}

    public record Url(Downloads.Request request) implements Source {}

    public record Data(byte[] bytes) implements Source {}

    /** A key file on the host ({@code file}: "a keyfile on the remote server"). */
    public record HostFile(String path) implements Source {}

    /** Typed arguments: {@code id} upper-case hex without 0x, or null; {@code source} null only for state=absent. */
    public record KeyArgs(String id, Source source, String keyring, boolean present) {}

    static final String TRUSTED_DIR = "/etc/apt/trusted.gpg.d/";
    /** The keyrings apt trusts without signed-by, as apt-key listed them. */
    static final FileSetQuery TRUSTED = new FileSetQuery(List.of("/etc/apt/trusted.gpg", TRUSTED_DIR + "*.gpg", TRUSTED_DIR + "*.asc"));

    private final Downloads downloads;

    public AptKeyModule(Downloads downloads) {
        this.downloads = downloads;
    }

    @Override
    public String name() {
        return "apt_key";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("id", "url", "data", "file", "keyring", "state", "validate_certs", "keyserver");
    }

    @Override
    public KeyArgs parse(Args args, ModuleContext ctx) {
        if (args.has("keyserver")) throw new ArgException("argument 'keyserver' is not supported: give the key with url, data or file");
        if (!args.bool("validate_certs", true)) throw new ArgException("argument 'validate_certs': false is not supported; certificates are always checked");
        boolean present = args.choice("state", "present", "present", "absent").equals("present");
        String id = args.string("id");
        if (id != null) {
            id = id.strip().toUpperCase(Locale.ROOT).replaceFirst("^0X", "");
            if (!id.matches("[0-9A-F]{8}|[0-9A-F]{16}|[0-9A-F]{40}")) throw new ArgException("argument 'id': key_id must be 8, 16, or 40 hex characters");
        }
        int given = (args.has("url") ? 1 : 0) + (args.has("data") ? 1 : 0) + (args.has("file") ? 1 : 0);
        if (given > 1) throw new ArgException("parameters are mutually exclusive: data|file|url");
        Source source = args.has("url") ? new Url(Downloads.Request.of(args.string("url"), Map.of(), 10))
                : args.has("data") ? new Data(args.string("data").getBytes(StandardCharsets.UTF_8))
                : args.has("file") ? new HostFile(args.string("file")) : null;
        if (present && source == null) throw new ArgException("state is present but none of url, data or file is given (keyserver is not supported)");
        if (!present && id == null) throw new ArgException("state is absent but all of the following are missing: id");
        return new KeyArgs(id, source, args.string("keyring"), present);
    }

    @Override
    public List<FactQuery<?>> facts(KeyArgs a) {
        List<FactQuery<?>> q = new ArrayList<>();
        if (a.keyring() != null) {
            q.add(new FileQuery(a.keyring(), true));
            q.add(new FileQuery(FileWrite.parent(a.keyring()), false));
        } else {
            q.add(TRUSTED);
        }
        if (a.source() instanceof HostFile f) q.add(new FileQuery(f.path(), true));
        return q;
    }

    /** The keyring files this task reads and may write, by path. */
    private static Map<String, FileState.Present> keyrings(KeyArgs a, Facts facts) {
        if (a.keyring() == null) return facts.get(TRUSTED);
        Map<String, FileState.Present> one = new LinkedHashMap<>();
        FileState s = facts.get(new FileQuery(a.keyring(), true));
        if (s instanceof FileState.Present p) {
            if (p.kind() != FileState.Kind.FILE || p.content() == null) throw new PlanException("keyring " + a.keyring() + " is not a small regular file");
            one.put(a.keyring(), p);
        }
        return one;
    }

    @Override
    public Planned plan(KeyArgs a, Facts facts) {
        Map<String, FileState.Present> files = keyrings(a, facts);
        Map<String, List<OpenPgpKeys.PublicKey>> held = new LinkedHashMap<>();
        files.forEach((path, f) -> held.put(path, OpenPgpKeys.readLeniently(f.content())));
        return a.present() ? add(a, files, held, facts) : remove(a, files, held);
    }

    private Planned add(KeyArgs a, Map<String, FileState.Present> files, Map<String, List<OpenPgpKeys.PublicKey>> held, Facts facts) {
        String summary = "apt key " + (a.id() != null ? a.id() : describe(a.source()));
        if (a.id() != null) {
            String where = holder(held, a.id());
            if (where != null) return new Planned(Change.none(summary, "key " + a.id() + " is already in " + where));
        }
        List<OpenPgpKeys.PublicKey> keys;
        try {
            keys = OpenPgpKeys.read(data(a, facts));
        } catch (IllegalArgumentException e) {
            throw new PlanException("the key from " + describe(a.source()) + " is not an OpenPGP public key: " + e.getMessage());
        }
        if (keys.isEmpty()) throw new PlanException("no OpenPGP public key in " + describe(a.source()));
        if (a.id() != null && keys.stream().noneMatch(k -> k.matches(a.id()))) {
            throw new PlanException("key " + a.id() + " is not in the key from " + describe(a.source()));
        }
        List<OpenPgpKeys.PublicKey> missing = keys.stream().filter(k -> holder(held, k.fingerprint()) == null).toList();
        if (missing.isEmpty()) return new Planned(Change.none(summary, "key " + keys.get(0).keyId() + " is already in " + holder(held, keys.get(0).fingerprint())));

        String target = a.keyring() != null ? a.keyring() : TRUSTED_DIR + (a.id() != null ? a.id() : missing.get(0).keyId()) + ".gpg";
        FileState.Present old = files.get(target);
        if (a.keyring() != null && old == null && !facts.get(new FileQuery(FileWrite.parent(target), false)).is(FileState.Kind.DIRECTORY)) {
            throw new PlanException("Destination directory " + FileWrite.parent(target) + " does not exist");
        }
        ByteArrayOutputStream added = new ByteArrayOutputStream();
        missing.forEach(k -> added.writeBytes(k.packets()));
        byte[] content = keyringContent(target, old, added.toByteArray());
        List<String> details = new ArrayList<>();
        for (OpenPgpKeys.PublicKey k : missing) details.add("add key " + k.describe() + " to " + target);
        return write(a, summary, files, target, content, details);
    }

    private Planned remove(KeyArgs a, Map<String, FileState.Present> files, Map<String, List<OpenPgpKeys.PublicKey>> held) {
        String summary = "apt key " + a.id();
        List<String> details = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        List<FactUpdate<?>> predicted = new ArrayList<>();
        Map<String, FileState.Present> after = new LinkedHashMap<>(files);
        for (Map.Entry<String, List<OpenPgpKeys.PublicKey>> e : held.entrySet()) {
            List<OpenPgpKeys.PublicKey> keep = e.getValue().stream().filter(k -> !k.matches(a.id())).toList();
            if (keep.size() == e.getValue().size()) continue;
            String path = e.getKey();
            e.getValue().stream().filter(k -> k.matches(a.id())).forEach(k -> details.add("remove key " + k.describe() + " from " + path));
            if (keep.isEmpty()) {
                steps.add(new Step(Shell.command("rm", "-f", "--", path)));
                after.remove(path);
                predicted.add(new FactUpdate<>(new FileQuery(path, true), FileState.ABSENT));
                continue;
            }
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            keep.forEach(k -> rest.writeBytes(k.packets()));
            byte[] content = path.endsWith(".asc") ? OpenPgpKeys.armor(rest.toByteArray()).getBytes(StandardCharsets.US_ASCII) : rest.toByteArray();
            FileWrite w = new FileWrite(path, content, new FileAttrs(null, null, null), null, files.get(path), false, false);
            steps.add(w.step());
            after.put(path, w.after());
            predicted.add(new FactUpdate<>(new FileQuery(path, true), w.after()));
        }
        if (steps.isEmpty()) return new Planned(Change.none(summary, "key " + a.id() + " is in no " + (a.keyring() != null ? "keyring " + a.keyring() : "trusted keyring")));
        if (a.keyring() == null) predicted.add(new FactUpdate<>(TRUSTED, after));
        return new Planned(new Change(Action.DELETE, summary, details, null, steps), predicted);
    }

    /** A keyring with {@code added} appended: armored text for a .asc file (as apt reads those), binary packets otherwise. */
    private static byte[] keyringContent(String target, FileState.Present old, byte[] added) {
        if (target.endsWith(".asc")) {
            String before = old == null ? "" : new String(old.content(), StandardCharsets.US_ASCII);
            return (before + OpenPgpKeys.armor(added)).getBytes(StandardCharsets.US_ASCII);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (old != null) out.writeBytes(OpenPgpKeys.armored(old.content()) ? OpenPgpKeys.dearmor(old.content()) : old.content());
        out.writeBytes(added);
        return out.toByteArray();
    }

    private static Planned write(KeyArgs a, String summary, Map<String, FileState.Present> files, String target, byte[] content,
                                 List<String> details) {
        FileState.Present old = files.get(target);
        // apt reads keyrings as the unprivileged _apt user: a new one is world-readable whatever the umask.
        FileWrite w = new FileWrite(target, content, new FileAttrs(null, null, null), old == null ? Integer.valueOf(0644) : null,
                old == null ? FileState.ABSENT : old, false, old == null && a.keyring() == null);
        List<FactUpdate<?>> predicted = new ArrayList<>(List.of(new FactUpdate<>(new FileQuery(target, true), w.after())));
        if (a.keyring() == null) {
            Map<String, FileState.Present> after = new LinkedHashMap<>(files);
            after.put(target, w.after());
            predicted.add(new FactUpdate<>(TRUSTED, after));
        }
        return new Planned(new Change(old == null ? Action.CREATE : Action.UPDATE, summary, details, null, List.of(w.step())), predicted);
    }

    private byte[] data(KeyArgs a, Facts facts) {
        if (a.source() instanceof Url u) return downloads.get(u.request());
        if (a.source() instanceof Data d) return d.bytes();
        String path = ((HostFile) a.source()).path();
        if (!(facts.get(new FileQuery(path, true)) instanceof FileState.Present p) || p.content() == null) {
            throw new PlanException("Keyfile " + path + " does not exist or is too large to read");
        }
        return p.content();
    }

    /** The first keyring holding a key {@code id} matches, or null. */
    private static String holder(Map<String, List<OpenPgpKeys.PublicKey>> held, String id) {
        for (Map.Entry<String, List<OpenPgpKeys.PublicKey>> e : held.entrySet()) {
            for (OpenPgpKeys.PublicKey k : e.getValue()) if (k.matches(id)) return e.getKey();
        }
        return null;
    }

    private static String describe(Source s) {
        if (s instanceof Url u) return u.request().url().toString();
        return s instanceof HostFile f ? f.path() : "data";
    }
}
