package dev.opsctl.module.pip;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * pip's typed arguments as pip.py reads them: {@code packages} are the names as pip gets them ({@code version} joined
 * to the one name), {@code pip} the program (the virtualenv's own pip, {@code executable}, else {@code pip3}).
 */
public record PipArgs(List<String> names, List<String> packages, String version, String state, String requirements,
                      String virtualenv, List<String> venvCommand, List<String> extraArgs, String chdir, String pip,
                      String umask) {
    public PipArgs {
        names = names == null ? null : List.copyOf(names);
        packages = List.copyOf(packages);
        venvCommand = List.copyOf(venvCommand);
        extraArgs = List.copyOf(extraArgs);
    }

    static PipArgs parse(Args args) {
        String state = args.choice("state", "present", "present", "absent", "latest", "forcereinstall");
        List<String> names = args.list("name");
        String requirements = args.string("requirements");
        String venv = args.string("virtualenv");
        if (names == null && requirements == null) throw new ArgException("one of the following is required: name, requirements");
        if (names != null && requirements != null) throw new ArgException("parameters are mutually exclusive: name|requirements");
        if (args.has("executable") && venv != null) throw new ArgException("parameters are mutually exclusive: executable|virtualenv");
        String version = args.string("version");
        List<String> packages = new ArrayList<>();
        if (names != null) {
            packages.addAll(names);
            if (version != null) {
                if (names.size() > 1) {
                    throw new ArgException("'version' argument is ambiguous when installing multiple package distributions. "
                            + "Please specify version restrictions next to each package in 'name' argument.");
                }
                Requirement r = Requirement.parse(names.get(0));
                if (r != null && r.hasVersion()) {
                    throw new ArgException("The 'version' argument conflicts with any version specifier provided along with a package name. "
                            + "Please keep the version specifier, but remove the 'version' argument.");
                }
                packages.set(0, Requirement.withVersion(names.get(0), version));
            }
        }
        List<String> extra = new ArrayList<>(split(args.string("extra_args"), "extra_args"));
        if (args.bool("editable", false) && !extra.contains("-e")) extra.add("-e");
        List<String> venvCommand = new ArrayList<>(split(args.string("virtualenv_command") == null ? "virtualenv" : args.string("virtualenv_command"), "virtualenv_command"));
        String command = args.string("virtualenv_command") == null ? "virtualenv" : args.string("virtualenv_command");
        if (args.bool("virtualenv_site_packages", false)) venvCommand.add("--system-site-packages");
        String python = args.string("virtualenv_python");
        boolean isVenv = command.contains("pyvenv") || command.contains("-m venv");
        if (python != null && isVenv) {
            throw new ArgException("virtualenv_python should not be used when using the venv module or pyvenv as virtualenv_command");
        }
        // pip.py adds -p with its own interpreter when none is named; with no Python of ours, opsctl names python3.
        if (!isVenv) venvCommand.add("-p" + (python == null ? "python3" : python));
        String umask = args.string("umask");
        if (umask != null && !umask.matches("[0-7]{1,4}")) throw new ArgException("umask must be an octal integer");
        String pip = venv != null ? venv + "/bin/pip" : args.string("executable") != null ? args.string("executable") : "pip3";
        return new PipArgs(names, packages, version, state, requirements, venv, venvCommand, extra, args.string("chdir"), pip, umask);
    }

    private static List<String> split(String s, String arg) {
        if (s == null) return List.of();
        try {
            return Shell.split(s);
        } catch (IllegalArgumentException e) {
            throw new ArgException("argument '" + arg + "': " + e.getMessage());
        }
    }
}
