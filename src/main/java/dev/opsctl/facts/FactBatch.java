package dev.opsctl.facts;

import dev.opsctl.transport.Connection;
import dev.opsctl.transport.Shell;
import dev.opsctl.transport.TransportException;
import dev.opsctl.transport.ExecResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Answers many fact queries with ONE remote exec: a generated script that prints each answer in its own section. */
public final class FactBatch {
    /** The longest script sent as the exec's command line (one argument may hold 128 KiB on Linux; quoting, twice under sudo, adds to it). */
    private static final int INLINE_LIMIT = 100_000;

    private FactBatch() {}

    /** Gathers every query not yet answered in {@code facts}; does nothing (no exec) when all are known. */
    public static void gather(Connection conn, Collection<? extends FactQuery<?>> queries, Facts facts) throws TransportException {
        // Files change under a running host: when the one read of all contents does not add up to the sizes stat
        // gave, something was written in between; ask again once before giving up.
        for (int attempt = 1; ; attempt++) {
            Script script = script(queries, facts);
            if (script == null) return;
            // In braces, the shell reads the whole script before it runs any of it, and no query reads the script's input.
            // A script that fits a command line runs as the exec's own script: over SSH its end of input then goes out
            // with the exec request, where input on stdin must wait a round trip for sshd to open the channel's window.
            // A larger one (its size grows with the files a play touches; as a command line it met ARG_MAX and sshd's
            // packet limit at a few hundred) goes on standard input to a shell that replaces the one the exec started.
            String text = "{\n" + script.text(true) + "\n} </dev/null\n";
            ExecResult r = Shell.quote(Shell.quote(text)).length() <= INLINE_LIMIT ? conn.exec(text)
                    : conn.exec("exec sh", text.getBytes(StandardCharsets.UTF_8));
            try {
                script.store(r.stdout(), facts);
                return;
            } catch (ContentMismatch e) {
                if (attempt == 2) throw new TransportException("fact gathering on " + conn.host() + ": " + e.getMessage());
            } catch (Incomplete e) {
                throw new TransportException("fact gathering on " + conn.host() + " " + e.getMessage() + " (exit " + r.exitCode()
                        + "): " + r.err().strip());
            }
        }
    }

    /**
     * The script that answers every query not yet answered in {@code facts}, to run in an exec of its own or at the end
     * of another; null when all are known.
     */
    public static Script script(Collection<? extends FactQuery<?>> queries, Facts facts) {
        Map<String, FactQuery<?>> wanted = new LinkedHashMap<>();
        for (FactQuery<?> q : queries) {
            if (facts.has(q)) continue;
            FactQuery<?> prev = wanted.get(q.key());
            if (prev == null || q.covers(prev)) wanted.put(q.key(), q);
        }
        return wanted.isEmpty() ? null : new Script(new ArrayList<>(wanted.values()));
    }

    /** The shared content read did not match the sizes the shared stat printed: files changed while read. */
    public static final class ContentMismatch extends Exception {
        ContentMismatch(String message) {
            super(message, null, false, false);
        }
    }

    /** The script's output was cut short: fewer answers than questions. */
    public static final class Incomplete extends Exception {
        Incomplete(String message) {
            super(message, null, false, false);
        }
    }

    /** A generated fact script and the reading of its output. */
    public static final class Script {
        private final List<FactQuery<?>> list;
        // A marker no answer can contain by chance: it has '@' and a random id (base64 content has no '@'; raw content
        // comes after the read's marker line, and only the first is looked for).
        private final String marker = "@@opsctl-" + UUID.randomUUID().toString().replace("-", "");

        private Script(List<FactQuery<?>> list) {
            this.list = list;
        }

        /**
         * The POSIX sh text: it prints each answer in its own section, and the files' contents after them as base64
         * text: for output read as text ({@link #store(String, Facts)}), at the end of another step's script.
         */
        public String text() {
            return text(false);
        }

        /**
         * The script text; with {@code raw}, the contents come last as the files' own bytes (one {@code cat}, no
         * base64 process on the host), for {@link #store(byte[], Facts)}.
         */
        String text(boolean raw) {
            List<FileQuery> files = new ArrayList<>();
            for (FactQuery<?> q : list) if (q instanceof FileQuery f) files.add(f);
            // File queries share one stat before and one content read after the sections (see FileQuery.script()).
            StringBuilder script = new StringBuilder();
            script.append(FileQuery.sharedStat(files)).append('\n');
            for (int i = 0; i < list.size(); i++) {
                script.append("echo '").append(marker).append(' ').append(i).append("'\n");
                FactQuery<?> q = list.get(i);
                if (q.isolated()) script.append("( ").append(q.script()).append("\n) 2>/dev/null\n");
                else script.append("{ ").append(q.script()).append("\n} 2>/dev/null\n");
            }
            script.append("echo '").append(marker).append(" read'\n").append(FileQuery.sharedRead(raw)).append('\n');
            return script.toString();
        }

        /** Reads what {@link #text()} printed into {@code facts}; stores nothing when it cannot. */
        public void store(String out, Facts facts) throws ContentMismatch, Incomplete {
            String[] sections = sections(out);
            store(sections, Base64.getMimeDecoder().decode(body(sections[list.size() + 1])), facts);
        }

        /** Reads what {@code text(true)} printed into {@code facts}; stores nothing when it cannot. */
        void store(byte[] out, Facts facts) throws ContentMismatch, Incomplete {
            // The answers are text up to the read's marker line; every byte after it is the files' contents.
            // Read as ISO-8859-1, one char per byte: a char's index there is the byte's index in the output.
            String line = "\n" + marker + " read\n";
            int at = new String(out, StandardCharsets.ISO_8859_1).indexOf(line);
            if (at < 0) {
                // Cut short: say how far it got.
                sections(new String(out, StandardCharsets.UTF_8));
                throw new Incomplete("returned every answer but not the files' contents");
            }
            int end = at + line.length();
            store(sections(new String(out, 0, end, StandardCharsets.UTF_8)), Arrays.copyOfRange(out, end, out.length), facts);
        }

        private String[] sections(String text) throws Incomplete {
            String[] sections = text.split("(?m)^" + marker + " ", -1);
            if (sections.length != list.size() + 2) {
                throw new Incomplete("returned " + Math.max(0, sections.length - 2) + " of " + list.size() + " answers");
            }
            return sections;
        }

        private void store(String[] sections, byte[] contents, Facts facts) throws ContentMismatch {
            List<Object> answers = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) answers.add(list.get(i).parse(body(sections[i + 1])));
            fillContents(list, answers, contents);
            for (int i = 0; i < list.size(); i++) FactBatch.store(facts, list.get(i), answers.get(i));
        }
    }

    /** A section without its first line (the marker's index), and without the newline the last echo added. */
    private static String body(String section) {
        int nl = section.indexOf('\n');
        String body = nl < 0 ? "" : section.substring(nl + 1);
        return body.endsWith("\n") ? body.substring(0, body.length() - 1) : body;
    }

    /** Cuts the shared read into the files that wait for it, in order, by the sizes their stat lines gave. */
    private static void fillContents(List<FactQuery<?>> list, List<Object> answers, byte[] all) throws ContentMismatch {
        int at = 0;
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof FileQuery f) || !f.waitsForContent((FileState) answers.get(i))) continue;
            FileState.Present p = (FileState.Present) answers.get(i);
            if (at + p.size() > all.length) throw new ContentMismatch(f.path() + " changed while it was read");
            answers.set(i, FileQuery.withContent(p, Arrays.copyOfRange(all, at, at + (int) p.size())));
            at += (int) p.size();
        }
        if (at != all.length) throw new ContentMismatch("files changed while they were read");
    }

    @SuppressWarnings("unchecked")
    private static <T> void store(Facts facts, FactQuery<T> q, Object answer) {
        facts.put(q, (T) answer);
    }
}
