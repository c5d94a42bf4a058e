package dev.opsctl.module.lineinfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LineInFileModuleTest {
    private final LineInFileModule module = new LineInFileModule();

    @TempDir
    Path dir;

    /**
     * Each case was run with ansible-core 2.14 ({@code ansible localhost -c local -m lineinfile -a 'path=F ARGS'}, run
     * twice); {@code expected} is the file Ansible left, {@code againChanged} whether its second run changed it again.
     */
    static Stream<Arguments> ansibleCases() {
        return Stream.of(
                c("last regexp match wins", "a=1\nb=2\na=3\n", "regexp=^a= line=a=9", "a=1\nb=2\na=9\n"),
                c("firstmatch", "a=1\nb=2\na=3\n", "regexp=^a= line=a=9 firstmatch=yes", "a=9\nb=2\na=3\n"),
                c("insertafter uses the last match", "x\n[s]\ny\n[s]\nz\n", "line=new insertafter=^\\[s\\]", "x\n[s]\ny\n[s]\nnew\nz\n"),
                c("insertafter firstmatch", "x\n[s]\ny\n[s]\nz\n", "line=new insertafter=^\\[s\\] firstmatch=yes", "x\n[s]\nnew\ny\n[s]\nz\n"),
                c("insertbefore uses the last match", "x\n[s]\ny\n[s]\nz\n", "line=new insertbefore=^\\[s\\]", "x\n[s]\ny\nnew\n[s]\nz\n"),
                c("insertbefore firstmatch", "x\n[s]\ny\n[s]\nz\n", "line=new insertbefore=^\\[s\\] firstmatch=yes", "x\nnew\n[s]\ny\n[s]\nz\n"),
                c("insertbefore BOF", "x\ny\n", "line=new insertbefore=BOF", "new\nx\ny\n"),
                c("BOF in an empty file", "", "line=new insertbefore=BOF", "new\n"),
                c("backrefs without a match change nothing", "x=1\n", "regexp=^y=(.*) line=z=\\1 backrefs=yes", "x=1\n"),
                c("backrefs \\1", "port=80\n", "regexp=^port=(\\d+)$ line=listen=\\1 backrefs=yes", "listen=80\n"),
                c("backrefs \\g<1>", "port=80\n", "regexp=^port=(\\d+)$ line=listen=\\g<1>0 backrefs=yes", "listen=800\n"),
                c("backrefs named group", "port=80\n", "regexp=^port=(?P<num_x>\\d+)$ line=listen=\\g<num_x> backrefs=yes", "listen=80\n"),
                c("append after a last line without newline", "a\nb", "line=c", "a\nb\nc\n"),
                c("exact last line without newline gets one", "a\nb", "line=b", "a\nb\n"),
                c("exact line with CRLF is rewritten with LF", "a\r\nb\r\n", "line=a", "a\nb\r\n"),
                c("absent by regexp", "a=1\nb\na=2\n", "regexp=^a= state=absent", "b\n"),
                c("absent by line", "a\nb\na\n", "line=a state=absent", "b\n"),
                c("absent by search_string", "foo bar\nbaz\n", "search_string=bar state=absent", "baz\n"),
                c("line already after the anchor", "x\n[s]\nnew\n", "line=new insertafter=^\\[s\\]", "x\n[s]\nnew\n"),
                c("line present elsewhere wins over insertafter", "new\n[s]\nz\n", "line=new insertafter=^\\[s\\]", "new\n[s]\nz\n"),
                c("create", null, "line=hello create=yes", "hello\n"),
                c("regexp without match but exact line present", "a\nfoo\n", "regexp=^bar line=foo", "a\nfoo\n"),
                c("search_string replaces", "Listen 80\nx\n", "search_string=Listen line=Listen_8080", "Listen_8080\nx\n"),
                c("insertafter without match appends", "a\nb\n", "line=c insertafter=^zzz", "a\nb\nc\n"),
                c("insertbefore without match appends", "a\nb\n", "line=c insertbefore=^zzz", "a\nb\nc\n"),
                c("regexp without match honours insertafter", "a\n[s]\nb\n", "regexp=^c= line=c=1 insertafter=^\\[s\\]", "a\n[s]\nc=1\nb\n"),
                c("insertbefore with the line already before", "a\nnew\n[s]\n", "line=new insertbefore=^\\[s\\]", "a\nnew\n[s]\n"),
                c("$ matches before the final newline", "k=v\n", "regexp=v$ line=k=w", "k=w\n"),
                // Ansible's own quirk, kept for byte-identical results: the anchor is the last line and has no newline,
                // so the new line is glued to it, and every later run inserts again.
                Arguments.of("insertafter a last line without newline (Ansible quirk)", "a\n[s]", "line=c insertafter=^\\[s\\]", "a\n[s]c\n", true));
    }

    private static Arguments c(String name, String initial, String args, String expected) {
        return Arguments.of(name, initial, args, expected, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ansibleCases")
    void sameResultAsAnsible(String name, String initial, String args, String expected, boolean againChanged) throws Exception {
        Path f = dir.resolve("f.txt");
        if (initial != null) Files.writeString(f, initial);
        Map<String, Object> raw = raw(args);
        raw.put("path", f.toString());
        HostRun host = new HostRun(dir);
        LineInFileModule.LineArgs a = host.parse(module, raw);
        Planned first = host.apply(module, a);
        assertThat(Files.readString(f)).isEqualTo(expected);
        assertThat(first.change().action().isChange()).isEqualTo(!expected.equals(initial));
        assertThat(host.plan(module, a).change().action().isChange()).isEqualTo(againChanged);
    }

    /** k=v pairs as Ansible's key=value syntax splits them (no spaces inside values in these cases). */
    private static Map<String, Object> raw(String args) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String kv : args.split(" ")) {
            int i = kv.indexOf('=');
            m.put(kv.substring(0, i), kv.substring(i + 1));
        }
        return m;
    }

    @Test
    void missingFileWithoutCreateFailsLikeAnsible() {
        LineInFileModule.LineArgs a = new HostRun(dir).parse(module, Map.of("path", "/etc/nope", "line", "x"));
        FileQuery q = new FileQuery("/etc/nope", true);
        assertThatThrownBy(() -> module.plan(a, HostRun.facts(Map.of(q, FileState.ABSENT))))
                .isInstanceOf(PlanException.class).hasMessage("Destination /etc/nope does not exist !");
    }

    @Test
    void planShowsWhatChangesAndPredictsTheContent() {
        LineInFileModule.LineArgs a = new HostRun(dir).parse(module,
                Map.of("path", "/etc/app.conf", "regexp", "^port=", "line", "port=8080", "mode", "0640"));
        FileQuery q = new FileQuery("/etc/app.conf", true);
        byte[] before = "name=x\nport=80\n".getBytes(StandardCharsets.UTF_8);
        FileState.Present p = new FileState.Present(FileState.Kind.FILE, 0644, "root", "root", before.length, 1, 2, null,
                before, FileQuery.sha1(before));
        Planned planned = module.plan(a, HostRun.facts(Map.of(q, p)));
        assertThat(planned.change().action()).isEqualTo(Action.UPDATE);
        assertThat(planned.change().summary()).isEqualTo("file /etc/app.conf");
        assertThat(planned.change().details()).containsExactly("line replaced", "content 15 -> 17 bytes", "mode 0644 -> 0640");
        assertThat(planned.change().diff()).isEqualTo("""
                --- before: /etc/app.conf
                +++ after: /etc/app.conf
                @@ -1,2 +1,2 @@
                 name=x
                -port=80
                +port=8080
                """);
        FileState.Present after = (FileState.Present) planned.predicted().get(0).value();
        assertThat(after.contentText()).isEqualTo("name=x\nport=8080\n");
        assertThat(after.mode()).isEqualTo(0640);
        assertThat(after.owner()).isEqualTo("root");
    }

    @Test
    void unchangedContentWithOtherModeOnlyChmods() throws Exception {
        Path f = dir.resolve("m.conf");
        Files.writeString(f, "a\n");
        HostRun host = new HostRun(dir);
        LineInFileModule.LineArgs a = host.parse(module, Map.of("path", f.toString(), "line", "a", "mode", "0600", "backup", true));
        Planned p = host.apply(module, a);
        assertThat(p.change().details()).containsExactly("mode 0644 -> 0600");
        assertThat(p.change().diff()).isNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void backupKeepsTheOldFileUnderAnsiblesName() throws Exception {
        Path f = dir.resolve("b.conf");
        Files.writeString(f, "a\n");
        HostRun host = new HostRun(dir);
        LineInFileModule.LineArgs a = host.parse(module, Map.of("path", f.toString(), "line", "b", "backup", "yes"));
        Planned p = host.apply(module, a);
        Map<String, Object> reg = module.registered(a, p, host.last());
        String backup = (String) reg.get("backup_file");
        assertThat(backup).matches(java.util.regex.Pattern.quote(f.toString()) + "\\.\\d+\\.\\d{4}-\\d\\d-\\d\\d@\\d\\d:\\d\\d:\\d\\d~");
        assertThat(Files.readString(Path.of(backup))).isEqualTo("a\n");
        assertThat(Files.readString(f)).isEqualTo("a\nb\n");
    }

    @Test
    void createsParentDirectoriesAndANewFileWithTheUmaskMode() throws Exception {
        Path f = dir.resolve("sub/dir/new.conf");
        HostRun host = new HostRun(dir);
        LineInFileModule.LineArgs a = host.parse(module, Map.of("path", f.toString(), "line", "x", "create", true));
        Planned p = host.apply(module, a);
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(Files.readString(f)).isEqualTo("x\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
        assertThat(Files.list(f.getParent()).count()).as("no temp file left").isEqualTo(1);
    }

    @Test
    void argumentErrorsUseAnsiblesWording() {
        HostRun host = new HostRun(dir);
        assertThatThrownBy(() -> host.parse(module, Map.of("path", "/x", "line", "a", "insertafter", "EOF", "insertbefore", "BOF")))
                .isInstanceOf(ArgException.class).hasMessage("parameters are mutually exclusive: insertbefore|insertafter");
        assertThatThrownBy(() -> host.parse(module, Map.of("path", "/x", "line", "a", "backrefs", true)))
                .hasMessage("regexp is required with backrefs=true");
        assertThatThrownBy(() -> host.parse(module, Map.of("path", "/x", "line", "a", "regexp", "(")))
                .hasMessageStartingWith("argument 'regexp': invalid regular expression");
        assertThatThrownBy(() -> host.parse(module, Map.of("path", "/x", "state", "absent")))
                .hasMessage("one of line, search_string, or regexp is required with state=absent");
    }

    @Test
    void nonAsciiLinesMatchByteForByte() throws Exception {
        Path f = dir.resolve("u.conf");
        Files.writeString(f, "greeting=héllo\n");
        HostRun host = new HostRun(dir);
        LineInFileModule.LineArgs a = host.parse(module, Map.of("path", f.toString(), "regexp", "^greeting=h.llo", "line", "greeting=grüß"));
        host.apply(module, a);
        // '.' matches one byte in Ansible's byte-wise regex, so the two-byte 'é' is not matched: the line is appended.
        assertThat(Files.readString(f)).isEqualTo("greeting=héllo\ngreeting=grüß\n");
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }
}
