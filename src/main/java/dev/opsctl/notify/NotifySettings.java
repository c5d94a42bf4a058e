package dev.opsctl.notify;

import dev.opsctl.config.AnsibleConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run's notifications go: the {@code --notify} URLs and those of ansible.cfg's {@code [opsctl] notify}
 * (comma or space separated; {@code OPSCTL_NOTIFY} instead of the file), and the DevLake environment they are filed
 * under ({@code [opsctl] notify_environment}, default PRODUCTION).
 *
 * @param urls every webhook, the configured ones first, each once
 * @param environment DevLake's environment for these runs
 */
public record NotifySettings(List<String> urls, String environment) {
    /** The DevLake environment when none is configured. */
    public static final String DEFAULT_ENVIRONMENT = "PRODUCTION";

    public NotifySettings {
        urls = List.copyOf(urls);
    }

    /** The configured webhooks of {@code cfg}, then {@code given} on the command line. */
    public static NotifySettings of(AnsibleConfig cfg, List<String> given) {
        List<String> urls = new ArrayList<>();
        cfg.setting("opsctl", "notify", "OPSCTL_NOTIFY").ifPresent(v -> {
            for (String u : v.strip().split("[,\\s]+")) if (!u.isEmpty()) urls.add(u);
        });
        for (String u : given) if (!urls.contains(u)) urls.add(u);
        String env = cfg.setting("opsctl", "notify_environment", null).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.toUpperCase(java.util.Locale.ROOT)).orElse(DEFAULT_ENVIRONMENT);
        return new NotifySettings(urls, env);
    }
}
