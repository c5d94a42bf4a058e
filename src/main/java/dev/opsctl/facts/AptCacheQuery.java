package dev.opsctl.facts;

/**
 * How old the host's apt package lists are, as Ansible's apt module judges it: the mtime of
 * /var/lib/apt/periodic/update-success-stamp, else of /var/lib/apt/lists, against the host's clock. Seconds; the
 * age is {@link Long#MAX_VALUE} when neither exists.
 */
public record AptCacheQuery() implements FactQuery<Long> {
    public static final AptCacheQuery INSTANCE = new AptCacheQuery();
    public static final String STAMP = "/var/lib/apt/periodic/update-success-stamp";
    public static final String LISTS = "/var/lib/apt/lists";

    @Override
    public String key() {
        return "apt_cache_age";
    }

    @Override
    public String script() {
        return "f=" + STAMP + "; [ -e $f ] || f=" + LISTS + "; if [ -e $f ]; then echo $(( $(date +%s) - $(stat -c %Y $f) )); fi";
    }

    @Override
    public Long parse(String output) {
        String s = output.strip();
        return s.matches("-?\\d+") ? Long.parseLong(s) : Long.MAX_VALUE;
    }
}
