package dev.opsctl.facts;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * How old the host's apt package lists are, as Ansible's apt module judges it: the mtime of
 * /var/lib/apt/periodic/update-success-stamp, else of /var/lib/apt/lists, against the host's clock.
 */
public record AptCacheQuery() implements FactQuery<AptCacheQuery.AptCache> {
    public static final AptCacheQuery INSTANCE = new AptCacheQuery();
    public static final String STAMP = "/var/lib/apt/periodic/update-success-stamp";
    public static final String LISTS = "/var/lib/apt/lists";

    /**
     * The lists' mtime (-1 when neither path exists) and the host's clock when asked, both epoch seconds. Only the
     * mtime goes into the fact's fingerprint: the clock moves on its own, and a saved plan is stale only when the
     * lists changed.
     */
    public record AptCache(long mtime, @JsonIgnore long now) {
        /** Seconds since the last refresh; {@link Long#MAX_VALUE} when never refreshed. */
        public long age() {
            return mtime < 0 ? Long.MAX_VALUE : now - mtime;
        }
    }

    @Override
    public String key() {
        return "apt_cache";
    }

    @Override
    public String script() {
        return "f=" + STAMP + "; [ -e $f ] || f=" + LISTS + "; m=-1; [ -e $f ] && m=$(stat -c %Y $f); echo \"$m $(date +%s)\"";
    }

    @Override
    public AptCache parse(String output) {
        String[] f = output.strip().split("\\s+");
        if (f.length != 2 || !f[0].matches("-?\\d+") || !f[1].matches("\\d+")) return new AptCache(-1, 0);
        return new AptCache(Long.parseLong(f[0]), Long.parseLong(f[1]));
    }
}
