package dev.opsctl.module.unarchive;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * For an archive on the host ({@code remote_src}): its kind, its members, what is at each under {@code dest}, and for
 * tar, {@code tar --diff}'s report (Ansible's own test), run with the task's extra options.
 */
record RemoteArchiveQuery(String src, String dest, List<String> extraOpts) implements FactQuery<RemoteArchiveQuery.Answer> {
    /**
     * @param format  TAR (any compression: GNU tar detects it) or ZIP; null when src is missing
     * @param members member paths as extraction names them
     * @param tarDiff tar --diff's output lines (empty for zip)
     * @param zipModes member modes from unzip's listing, by name (empty for tar)
     * @param sha1     the archive's SHA-1: tells whether an earlier task's planned write changes it
     */
    record Answer(ArchiveFormat format, String sha1, int uid, List<String> members, Map<String, EntryStat> entries, List<String> tarDiff,
                  Map<String, Integer> zipModes) {}

    @Override
    public String key() {
        return "unarchive-remote:" + src + ":" + dest + ":" + extraOpts;
    }

    @Override
    public String script() {
        String p = Shell.path(src);
        String d = Shell.path(dest);
        List<String> diff = tarWords("--diff", extraOpts, src);
        diff.addAll(2, List.of("-C", dest));
        List<String> list = tarWords("-t", extraOpts, src);
        String statEach = "while IFS= read -r n; do " + Shell.command("stat", "-c", EntryStat.FORMAT, "--") + " \"$n\" 2>/dev/null; done";
        return "if [ ! -f " + p + " ]; then echo missing; exit 0; fi; s=$(sha1sum < " + p + "); echo \"${s%% *}\"; id -u; "
                + ArchiveFormat.onHost(src,
                        "echo zip; echo '@members'; unzip -Z1 " + p + "; echo '@listing'; unzip -Z -T " + p + "; "
                        + "echo '@stat'; cd " + d + " && unzip -Z1 " + p + " | " + statEach,
                        "echo tar; echo '@members'; LC_ALL=C " + Shell.command(list) + "; echo '@diff'; LC_ALL=C " + Shell.command(diff) + " 2>&1; "
                        + "echo '@stat'; cd " + d + " && LC_ALL=C " + Shell.command(list) + " | " + statEach);
    }

    /** {@code tar MODE [--show-transformed-names OPTS] -f SRC}: names as extraction with OPTS makes them. */
    static List<String> tarWords(String mode, List<String> extraOpts, String src) {
        List<String> w = new ArrayList<>(List.of("tar", mode));
        if (!extraOpts.isEmpty()) {
            w.add("--show-transformed-names");
            w.addAll(extraOpts);
        }
        w.addAll(List.of("-f", src));
        return w;
    }

    @Override
    public Answer parse(String output) {
        String[] lines = output.split("\n");
        if (lines.length < 3 || lines[0].equals("missing")) return new Answer(null, null, -1, List.of(), Map.of(), List.of(), Map.of());
        String sha1 = lines[0].strip();
        int uid = Integer.parseInt(lines[1].strip());
        ArchiveFormat format = lines[2].equals("zip") ? ArchiveFormat.ZIP : ArchiveFormat.TAR;
        List<String> members = new ArrayList<>();
        List<String> diff = new ArrayList<>();
        List<String> stats = new ArrayList<>();
        Map<String, Integer> modes = new java.util.LinkedHashMap<>();
        String section = "";
        for (int i = 3; i < lines.length; i++) {
            String l = lines[i];
            if (l.startsWith("@")) {
                section = l;
                continue;
            }
            switch (section) {
                case "@members" -> {
                    String n = ArchiveReader.trim(l);
                    if (!n.isEmpty()) members.add(n);
                }
                case "@diff" -> diff.add(l);
                case "@stat" -> stats.add(l);
                case "@listing" -> {
                    // unzip -Z -T: "-rw-r--r--  3.0 unx       12 tx stor 20240101.120000 name"
                    String[] f = l.split("\\s+", 8);
                    if (f.length == 8 && f[0].matches("[-dl]([r-][w-][xsStT-]){3}")) modes.put(ArchiveReader.trim(f[7]), permissions(f[0]));
                }
                default -> { }
            }
        }
        return new Answer(format, sha1, uid, members, EntryStat.parse(stats), diff, modes);
    }

    /** "-rwxr-x---" as mode bits (0750), set-id and sticky included. */
    static int permissions(String rwx) {
        int mode = 0;
        String s = rwx.substring(1);
        for (int i = 0; i < 9; i++) {
            char c = s.charAt(i);
            if (c != '-' && c != 'S' && c != 'T') mode |= 1 << (8 - i);
        }
        if ("sS".indexOf(s.charAt(2)) >= 0) mode |= 04000;
        if ("sS".indexOf(s.charAt(5)) >= 0) mode |= 02000;
        if ("tT".indexOf(s.charAt(8)) >= 0) mode |= 01000;
        return mode;
    }
}
