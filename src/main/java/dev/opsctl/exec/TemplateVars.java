package dev.opsctl.exec;

import dev.opsctl.config.AnsibleConfig;
import dev.opsctl.config.ManagedText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables Ansible's template action adds while it renders a template file: {@code ansible_managed},
 * {@code template_path}, {@code template_fullpath}, {@code template_host}, {@code template_uid}.
 */
final class TemplateVars {
    private static final String CONTROLLER = controllerName();

    private TemplateVars() {}

    static Map<String, Object> with(Map<String, Object> vars, Path template, String src) {
        Map<String, Object> out = new LinkedHashMap<>(vars);
        String uid = owner(template);
        out.put("template_host", CONTROLLER);
        out.put("template_path", src);
        out.put("template_fullpath", template.toAbsolutePath().normalize().toString());
        out.put("template_uid", uid);
        out.put("ansible_managed", ManagedText.forTemplate(AnsibleConfig.get(), template, CONTROLLER, uid));
        return out;
    }

    private static String owner(Path p) {
        try {
            return Files.getOwner(p).getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private static String controllerName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
