package dev.opsctl.module;

import dev.opsctl.module.aptkey.AptKeyModule;
import dev.opsctl.module.aptrepository.AptRepositoryModule;
import dev.opsctl.module.authorizedkey.AuthorizedKeyModule;
import dev.opsctl.module.blockinfile.BlockInFileModule;
import dev.opsctl.module.command.CommandModule;
import dev.opsctl.module.control.AssertModule;
import dev.opsctl.module.control.DebugModule;
import dev.opsctl.module.control.FailModule;
import dev.opsctl.module.control.IncludeVarsModule;
import dev.opsctl.module.control.SetFactModule;
import dev.opsctl.module.copy.CopyModule;
import dev.opsctl.module.cron.CronModule;
import dev.opsctl.module.file.FileModule;
import dev.opsctl.module.geturl.Downloads;
import dev.opsctl.module.geturl.GetUrlModule;
import dev.opsctl.module.group.GroupModule;
import dev.opsctl.module.hostname.HostnameModule;
import dev.opsctl.module.lineinfile.LineInFileModule;
import dev.opsctl.module.packages.AptModule;
import dev.opsctl.module.packages.PackageFactsModule;
import dev.opsctl.module.packages.PackageModule;
import dev.opsctl.module.packages.RpmPackageModule;
import dev.opsctl.module.pause.PauseModule;
import dev.opsctl.module.replace.ReplaceModule;
import dev.opsctl.module.service.ServiceFactsModule;
import dev.opsctl.module.service.ServiceModule;
import dev.opsctl.module.stat.StatModule;
import dev.opsctl.module.sysctl.SysctlModule;
import dev.opsctl.module.template.TemplateModule;
import dev.opsctl.module.timezone.TimezoneModule;
import dev.opsctl.module.unarchive.UnarchiveModule;
import dev.opsctl.module.user.UserModule;
import dev.opsctl.module.waitfor.WaitForModule;
import dev.opsctl.reboot.RebootModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every module opsctl knows, by Ansible name; {@code ansible.builtin.X} and {@code ansible.legacy.X} resolve to X. */
public final class ModuleRegistry {
    // ansible.posix and community.general hold the modules ansible-core 2.10 moved out of itself (authorized_key, sysctl...).
    private static final List<String> PREFIXES = List.of("ansible.builtin.", "ansible.legacy.", "ansible.posix.", "community.general.");
    private final Map<String, Module> byName = new LinkedHashMap<>();

    public ModuleRegistry(List<Module> modules) {
        for (Module m : modules) byName.put(m.name(), m);
    }

    /** The modules that ship with opsctl. */
    public static ModuleRegistry builtin() {
        Downloads downloads = new Downloads();
        return new ModuleRegistry(List.of(
                new FileModule(), new CopyModule(), new TemplateModule(), new LineInFileModule(),
                new BlockInFileModule(), new ReplaceModule(), new StatModule(),
                new CommandModule(false), new CommandModule(true),
                new DebugModule(), new SetFactModule(), new AssertModule(), new FailModule(), new IncludeVarsModule(),
                new UserModule(), new GroupModule(), new AuthorizedKeyModule(), new RebootModule(),
                new SysctlModule(), new HostnameModule(), new TimezoneModule(), new PauseModule(), new WaitForModule(),
                new AptRepositoryModule(), new AptKeyModule(downloads), new GetUrlModule(downloads), new UnarchiveModule(),
                new AptModule(), new RpmPackageModule("dnf"), new RpmPackageModule("yum"), new PackageModule(), new PackageFactsModule(),
                new ServiceModule(false), new ServiceModule(true), new ServiceFactsModule(), new CronModule()));
    }

    /** The module for a task key, or null when there is none by that name. */
    public Module find(String name) {
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                name = name.substring(prefix.length());
                break;
            }
        }
        return byName.get(name);
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
