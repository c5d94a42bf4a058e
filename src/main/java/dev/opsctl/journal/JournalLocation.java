package dev.opsctl.journal;

import dev.opsctl.config.AnsibleConfig;
import dev.opsctl.config.Environment;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the run journal lives: {@code OPSCTL_JOURNAL}, else ansible.cfg's {@code [opsctl] journal}, else the SQLite file
 * {@code $XDG_STATE_HOME/opsctl/journal.db} ({@code ~/.local/state/opsctl/journal.db}). A value is {@code off}, a
 * {@code postgresql://} URL, or a file path.
 */
public sealed interface JournalLocation {
    String VARIABLE = "OPSCTL_JOURNAL";

    /** No journal. */
    record Off() implements JournalLocation {
        @Override
        public String describe() {
            return "off";
        }
    }

    /** A SQLite database file, made (with its directory) on first use. */
    record Sqlite(Path file) implements JournalLocation {
        @Override
        public String describe() {
            return file.toString();
        }
    }

    /**
     * A PostgreSQL database: {@code postgresql://USER:PASSWORD@HOST:PORT/DB?sslmode=...}, as libpq reads it.
     *
     * @param jdbcUrl    the JDBC form, without user and password
     * @param properties user and password, kept out of the URL so no message shows the password
     */
    record Postgres(String jdbcUrl, Properties properties, String shown) implements JournalLocation {
        @Override
        public String describe() {
            return shown;
        }
    }

    /** For messages: the file, or the URL without its password. */
    String describe();

    /** This process's journal. */
    static JournalLocation current() {
        return resolve(Environment.current(), AnsibleConfig.get());
    }

    static JournalLocation resolve(Environment env, AnsibleConfig cfg) {
        String value = cfg.setting("opsctl", "journal", VARIABLE).map(String::strip).orElse("");
        if (value.isEmpty()) return new Sqlite(defaultFile(env));
        return parse(value, env);
    }

    /** {@code off}, a {@code postgresql://} (or {@code postgres://}) URL, or a path ({@code ~/} is the home directory). */
    static JournalLocation parse(String value, Environment env) {
        if (value.equalsIgnoreCase("off")) return new Off();
        if (value.startsWith("postgresql://") || value.startsWith("postgres://")) return postgres(value);
        if (value.startsWith("~/")) return new Sqlite(env.home().resolve(value.substring(2)));
        return new Sqlite(env.cwd().resolve(value));
    }

    private static Path defaultFile(Environment env) {
        String state = env.variable("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank() && Path.of(state).isAbsolute() ? Path.of(state) : env.home().resolve(".local/state");
        return base.resolve("opsctl").resolve("journal.db");
    }

    private static Postgres postgres(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the journal URL is not a URL: " + e.getMessage());
        }
        if (uri.getHost() == null) throw new IllegalArgumentException("the journal URL names no host: postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
        Properties props = new Properties();
        String shownUser = "";
        if (uri.getRawUserInfo() != null) {
            String[] userPassword = uri.getRawUserInfo().split(":", 2);
            props.setProperty("user", decode(userPassword[0]));
            if (userPassword.length > 1) props.setProperty("password", decode(userPassword[1]));
            shownUser = decode(userPassword[0]) + "@";
        }
        String hostPort = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new Postgres("jdbc:postgresql://" + hostPort + path + query, props, "postgresql://" + shownUser + hostPort + path);
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
