package dev.opsctl.module.registry;

import dev.opsctl.module.Module;

import dev.opsctl.module.aptkey.AptKeyModule;
import dev.opsctl.module.aptrepository.AptRepositoryModule;
import dev.opsctl.module.assemble.AssembleModule;
import dev.opsctl.module.authorizedkey.AuthorizedKeyModule;
import dev.opsctl.module.blockinfile.BlockInFileModule;
import dev.opsctl.module.command.CommandModule;
import dev.opsctl.module.control.AssertModule;
import dev.opsctl.module.control.DebugModule;
import dev.opsctl.module.control.FailModule;
import dev.opsctl.module.control.IncludeVarsModule;
import dev.opsctl.module.control.SetFactModule;
import dev.opsctl.module.copy.CopyModule;
import dev.opsctl.module.copy.CopyWithRemoteSrc;
import dev.opsctl.module.cron.CronModule;
import dev.opsctl.module.debconf.DebconfModule;
import dev.opsctl.module.dpkgselections.DpkgSelectionsModule;
import dev.opsctl.module.fetch.FetchModule;
import dev.opsctl.module.file.FileModule;
import dev.opsctl.module.find.FindModule;
import dev.opsctl.module.getent.GetentModule;
import dev.opsctl.module.geturl.Downloads;
import dev.opsctl.module.geturl.GetUrlModule;
import dev.opsctl.module.git.GitModule;
import dev.opsctl.module.group.GroupModule;
import dev.opsctl.module.hostname.HostnameModule;
import dev.opsctl.module.inifile.IniFileModule;
import dev.opsctl.module.localegen.LocaleGenModule;
import dev.opsctl.module.lineinfile.LineInFileModule;
import dev.opsctl.module.modprobe.ModprobeModule;
import dev.opsctl.module.ufw.UfwModule;
import dev.opsctl.module.mount.MountModule;
import dev.opsctl.module.packages.AptModule;
import dev.opsctl.module.packages.PackageFactsModule;
import dev.opsctl.module.packages.PackageModule;
import dev.opsctl.module.packages.RpmPackageModule;
import dev.opsctl.module.pamlimits.PamLimitsModule;
import dev.opsctl.module.pause.PauseModule;
import dev.opsctl.module.ping.PingModule;
import dev.opsctl.module.ping.WaitForConnectionModule;
import dev.opsctl.module.raw.RawModule;
import dev.opsctl.module.pip.PipModule;
import dev.opsctl.module.gem.GemModule;
import dev.opsctl.module.replace.ReplaceModule;
import dev.opsctl.module.service.ServiceFactsModule;
import dev.opsctl.module.setup.SetupModule;
import dev.opsctl.module.service.ServiceModule;
import dev.opsctl.module.slurp.SlurpModule;
import dev.opsctl.module.stat.StatModule;
import dev.opsctl.module.sysctl.SysctlModule;
import dev.opsctl.module.template.TemplateModule;
import dev.opsctl.module.timezone.TimezoneModule;
import dev.opsctl.module.unarchive.UnarchiveModule;
import dev.opsctl.module.uri.UriModule;
import dev.opsctl.module.user.UserModule;
import dev.opsctl.module.waitfor.WaitForModule;
import dev.opsctl.module.reboot.RebootModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every module opsctl knows, by every name Ansible knows it by: short ({@code mount}), {@code ansible.builtin.X},
 * {@code ansible.legacy.X}, and the collection Ansible redirects it to ({@code ansible.posix.mount}); see
 * {@link CollectionNames}.
 */
// In its own package: module/ is what every module imports, so the list of all modules cannot live there without a package cycle.
public final class ModuleRegistry {
    private final Map<String, Module> byName = new LinkedHashMap<>();

    public ModuleRegistry(List<Module> modules) {
        for (Module m : modules) byName.put(m.name(), m);
    }

    /** The modules that ship with opsctl. */
    public static ModuleRegistry builtin() {
        Downloads downloads = new Downloads();
        return new ModuleRegistry(List.of(
                new FileModule(), new CopyWithRemoteSrc(new CopyModule()), new TemplateModule(), new LineInFileModule(),
                new BlockInFileModule(), new ReplaceModule(), new StatModule(),
                new CommandModule(false), new CommandModule(true),
                new DebugModule(), new SetFactModule(), new AssertModule(), new FailModule(), new IncludeVarsModule(),
                new UserModule(), new GroupModule(), new AuthorizedKeyModule(), new RebootModule(),
                new MountModule(), new FindModule(), new GetentModule(), new SetupModule(), new IniFileModule(),
                new PingModule(), new WaitForConnectionModule(), new RawModule(), new PamLimitsModule(), new ModprobeModule(),
                new DpkgSelectionsModule(),
                new SysctlModule(), new HostnameModule(), new TimezoneModule(), new PauseModule(), new WaitForModule(),
                new AptRepositoryModule(), new AptKeyModule(downloads), new GetUrlModule(downloads), new UnarchiveModule(),
                new AptModule(), new RpmPackageModule("dnf"), new RpmPackageModule("yum"), new PackageModule(), new PackageFactsModule(),
                new ServiceModule(false), new ServiceModule(true), new ServiceFactsModule(), new CronModule(),
                new SlurpModule(),
                new GitModule(),
                new UriModule(),
                new AssembleModule(),
                new PipModule(),
                new GemModule(),
                new LocaleGenModule(), new DebconfModule(), new FetchModule(),
                new UfwModule(),
                new dev.opsctl.module.tempfile.TempfileModule(), new dev.opsctl.module.pamd.PamdModule()));
    }

    /** The module for a task key, or null when there is none by that name. */
    public Module find(String name) {
        String shortName = CollectionNames.shortName(name);
        return shortName == null ? null : byName.get(shortName);
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
