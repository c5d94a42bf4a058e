package dev.opsctl.module.gem;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import java.util.List;

/**
 * community.general.gem's arguments, with its defaults (user_install and include_dependencies on, norc on, docs off)
 * and its refusals, in its words.
 *
 * @param gemSource what {@code gem install} is given: {@code gem_source} (a local .gem file) or the name
 */
record GemArgs(String name, String state, String version, List<String> gem, String gemSource, String repository,
               boolean userInstall, String installDir, String bindir, boolean includeDependencies, boolean norc,
               boolean preRelease, boolean includeDoc, boolean envShebang, String buildFlags, boolean force) {

    static GemArgs parse(Args args) {
        String name = args.requiredString("name");
        String state = args.choice("state", "present", "present", "absent", "latest");
        String version = args.string("version");
        String gemSource = args.string("gem_source");
        String repository = args.string("repository", "source");
        boolean userInstall = args.bool("user_install", true);
        String installDir = args.string("install_dir");
        if (gemSource != null && repository != null) throw new ArgException("parameters are mutually exclusive: gem_source|repository");
        if (gemSource != null && version != null) throw new ArgException("parameters are mutually exclusive: gem_source|version");
        if (version != null && state.equals("latest")) throw new ArgException("Cannot specify version when state=latest");
        if (gemSource != null && state.equals("latest")) throw new ArgException("Cannot maintain state=latest when installing from local source");
        if (userInstall && installDir != null) throw new ArgException("install_dir requires user_install=false");
        String executable = args.string("executable");
        // gem.py splits executable on spaces ("bundle exec gem" is allowed), and finds plain gem on the PATH.
        List<String> gem = executable == null ? List.of("gem") : List.of(executable.split(" "));
        return new GemArgs(name, state, version, gem, gemSource != null ? gemSource : name, repository, userInstall,
                installDir, args.string("bindir"), args.bool("include_dependencies", true), args.bool("norc", true),
                args.bool("pre_release", false), args.bool("include_doc", false), args.bool("env_shebang", false),
                args.string("build_flags"), args.bool("force", false));
    }
}
