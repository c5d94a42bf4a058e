package dev.opsctl.exec;

import dev.opsctl.config.AnsibleConfig;
import dev.opsctl.config.ManagedText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The variables Ansible's template action adds while it renders a template file: {@code ansible_managed},
 * {@code template_path}, {@code template_fullpath}, {@code template_host}, {@code template_uid}.
 */
final class TemplateVars {
    private static final String CONTROLLER = controllerName();

    private TemplateVars() {}

    /**
     * {@code vars} with the template's variables over them: a view, not a copy, so a rendering still reads
     * {@code vars} one name at a time (see {@link VarReads}).
     */
    static Map<String, Object> with(Map<String, Object> vars, Path template, String src) {
        Map<String, Object> out = new LinkedHashMap<>();
        String uid = owner(template);
        out.put("template_host", CONTROLLER);
        out.put("template_path", src);
        out.put("template_fullpath", template.toAbsolutePath().normalize().toString());
        out.put("template_uid", uid);
        out.put("ansible_managed", ManagedText.forTemplate(AnsibleConfig.get(), template, CONTROLLER, uid));
        return new Over(out, vars);
    }

    /** {@code top} over {@code below}; read-only. */
    private static final class Over extends AbstractMap<String, Object> {
        private final Map<String, Object> top;
        private final Map<String, Object> below;

        Over(Map<String, Object> top, Map<String, Object> below) {
            this.top = top;
            this.below = below;
        }

        @Override
        public Object get(Object key) {
            return top.containsKey(key) ? top.get(key) : below.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return top.containsKey(key) || below.containsKey(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> all = new LinkedHashMap<>(below);
            all.putAll(top);
            return Collections.unmodifiableMap(all).entrySet();
        }
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
