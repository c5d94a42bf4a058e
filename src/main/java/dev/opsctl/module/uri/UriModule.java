package dev.opsctl.module.uri;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.module.files.SelinuxContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ansible's {@code uri}: an HTTP request made by the host (as Ansible makes it there), with the host's {@code curl}.
 * It runs in apply and reports no change, as uri.py does; a plan does not make it (Ansible's check mode skips uri),
 * so what it registers is known after apply. {@code register:} gets uri.py's keys: status, url, msg, redirected,
 * elapsed, every response header (lower-case, '-' as '_'), content with return_content, json for a JSON body.
 */
public final class UriModule implements HostModule<UriArgs> {
    @Override
    public String name() {
        return "uri";
    }

    @Override
    public ArgSpec spec() {
        return SelinuxContext.accepting(ArgSpec.of("url", "method", "body", "body_format", "headers", "status_code", "return_content",
                "follow_redirects", "timeout", "validate_certs", "url_username", "user", "url_password", "password",
                "force_basic_auth", "unix_socket", "creates", "removes", "dest", "src", "remote_src", "ca_path", "ciphers",
                "client_cert", "client_key", "use_proxy", "http_agent", "force", "decompress", "use_gssapi", "use_netrc",
                "unredirected_headers").require("url"));
    }

    @Override
    public UriArgs parse(Args args, ModuleContext ctx) {
        return UriArgs.parse(args);
    }

    @Override
    public List<FactQuery<?>> facts(UriArgs a) {
        List<FactQuery<?>> q = new ArrayList<>();
        if (a.creates() != null) q.add(new FileQuery(a.creates(), false));
        if (a.removes() != null) q.add(new FileQuery(a.removes(), false));
        return q;
    }

    @Override
    public Planned plan(UriArgs a, Facts facts) {
        String summary = "uri " + a.method() + " " + a.url();
        if (a.creates() != null && facts.get(new FileQuery(a.creates(), false)).exists()) {
            return new Planned(Change.none(summary, "skipped, since '" + a.creates() + "' exists"));
        }
        if (a.removes() != null && !facts.get(new FileQuery(a.removes(), false)).exists()) {
            return new Planned(Change.none(summary, "skipped, since '" + a.removes() + "' does not exist"));
        }
        return new Planned(new Change(Action.RUN, summary, List.of(), null, List.of(new CurlRequest(a).step())));
    }

    @Override
    public boolean reportsNoChange(UriArgs args) {
        return true;
    }

    @Override
    public boolean failed(UriArgs a, ExecResult result) {
        return !result.ok() || !a.statusCodes().contains(UriResponse.parse(result.out()).status());
    }

    @Override
    public Map<String, Object> registered(UriArgs a, Planned planned, ExecResult last) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (last == null) {
            if (!planned.change().details().isEmpty()) out.put("stdout", planned.change().details().get(0));
            return out;
        }
        if (!last.ok()) {
            out.put("msg", (last.err() + last.out()).strip());
            return out;
        }
        UriResponse r = UriResponse.parse(last.out());
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            out.put(h.getKey().replace('-', '_').toLowerCase(Locale.ROOT), h.getValue());
        }
        out.put("url", r.finalUrl() == null ? a.url() : r.finalUrl());
        out.put("redirected", r.finalUrl() != null && !r.finalUrl().equals(a.url()));
        out.put("status", r.status());
        out.put("elapsed", (int) r.seconds());
        if (r.status() >= 200 && r.status() < 400) {
            // urllib's cookie jar; opsctl reads no cookies (Set-Cookie is still among the headers).
            out.put("cookies", Map.of());
            out.put("cookies_string", "");
        }
        String length = r.header("Content-Length");
        String msg = r.status() == -1 ? "Request failed: " + r.reason()
                : r.status() >= 400 ? "HTTP Error " + r.status() + ": " + r.reason()
                : "OK (" + (length == null ? "unknown" : length) + " bytes)";
        if (!a.statusCodes().contains(r.status())) msg = "Status code was " + r.status() + " and not " + a.statusCodes() + ": " + msg;
        out.put("msg", msg);
        if (r.maybeJson()) {
            Object json = r.json();
            if (json != null) out.put("json", json);
        }
        if (a.returnContent()) out.put("content", r.body());
        return out;
    }
}
