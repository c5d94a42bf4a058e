package dev.opsctl.module.authorizedkey;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.UserQuery;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileWrite;
import dev.opsctl.transport.ExecResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Ansible's {@code authorized_key} (ansible.posix): SSH keys in a user's authorized_keys, compared and written as
 * Ansible does. Keys come inline or from a URL the host fetches ({@link UrlKeysQuery}); {@code follow} is not supported.
 */
public final class AuthorizedKeyModule implements HostModule<AuthorizedKeyModule.KeyArgs> {
    /**
     * Typed arguments; {@code path} is null for {@code ~user/.ssh/authorized_keys}, {@code keys} the key lines (none
     * yet when they come from {@code url}, which is null for inline keys).
     */
    public record KeyArgs(String user, String key, List<String> keys, String path, boolean manageDir, boolean present,
                          String keyOptions, boolean exclusive, String comment, String url, boolean validateCerts) {
        /** These arguments with the key lines read from {@code text} (the body {@code url} answered). */
        KeyArgs withKeysFrom(String text) {
            return new KeyArgs(user, key, keyLines(text, PlanException::new), path, manageDir, present, keyOptions, exclusive,
                    comment, url, validateCerts);
        }
    }

    @Override
    public String name() {
        return "authorized_key";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("user", "key", "path", "manage_dir", "state", "key_options", "exclusive", "comment", "validate_certs")
                .require("user", "key");
    }

    @Override
    public KeyArgs parse(Args args, ModuleContext ctx) {
        String key = args.requiredString("key");
        // Ansible's test, to the letter: any key that starts with "http" is a URL.
        String url = key.startsWith("http") ? key : null;
        String path = args.string("path");
        if (path != null && path.isEmpty()) path = null;
        return new KeyArgs(args.requiredString("user"), key, url == null ? keyLines(key, ArgException::new) : List.of(), path,
                args.bool("manage_dir", true), args.choice("state", "present", "present", "absent").equals("present"),
                args.string("key_options"), args.bool("exclusive", false), args.string("comment"), url, args.bool("validate_certs", true));
    }

    /** Ansible's reading of key text: one key per line, blank lines and lines starting with '#' skipped. */
    private static List<String> keyLines(String text, Function<String, RuntimeException> invalid) {
        List<String> keys = new ArrayList<>();
        for (String line : KeyLine.splitLines(text, false)) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            KeyLine k = KeyLine.parse(line, 0);
            if (k == null || !k.isKey()) throw invalid.apply("invalid key specified: " + line);
            keys.add(line);
        }
        return List.copyOf(keys);
    }

    @Override
    public List<FactQuery<?>> facts(KeyArgs a) {
        List<FactQuery<?>> q = new ArrayList<>();
        q.add(new UserQuery(a.user()));
        if (a.url() != null) q.add(new UrlKeysQuery(a.url(), a.validateCerts()));
        if (a.path() != null) {
            q.add(new FileQuery(a.path(), true));
            q.add(new FileQuery(FileWrite.parent(a.path()), false));
        }
        return q;
    }

    @Override
    public Planned plan(KeyArgs a, Facts facts) {
        if (a.url() == null) return new KeyFilePlan(a, facts).plan();
        UrlKeysQuery.Answer fetched = facts.get(new UrlKeysQuery(a.url(), a.validateCerts()));
        if (fetched instanceof UrlKeysQuery.Failed f) {
            // Ansible's message, then why.
            throw new PlanException("Error getting key from: " + a.url() + " (" + f.why() + ")");
        }
        return new KeyFilePlan(a.withKeysFrom(((UrlKeysQuery.Keys) fetched).text()), facts).plan();
    }

    @Override
    public Map<String, Object> registered(KeyArgs a, Planned planned, ExecResult last) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("user", a.user());
        r.put("key", a.key());
        r.put("path", a.path());
        r.put("manage_dir", a.manageDir());
        r.put("state", a.present() ? "present" : "absent");
        r.put("key_options", a.keyOptions());
        r.put("exclusive", a.exclusive());
        r.put("comment", a.comment());
        r.put("follow", false);
        r.put("validate_certs", a.validateCerts());
        // The plan's first predicted fact is always the key file.
        if (planned.predicted().get(0).query() instanceof FileQuery f) r.put("keyfile", f.path());
        return r;
    }
}
