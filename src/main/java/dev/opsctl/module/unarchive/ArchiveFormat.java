package dev.opsctl.module.unarchive;

/** The archive formats unarchive handles, told apart by their first bytes as the host's tar and unzip do. */
enum ArchiveFormat {
    TAR(null), TAR_GZ("-z"), TAR_BZ2("-j"), TAR_XZ("-J"), ZIP(null);

    /** The tar flag that reads this compression from a pipe, or null. */
    final String tarFlag;

    ArchiveFormat(String tarFlag) {
        this.tarFlag = tarFlag;
    }

    /** The format of an archive starting with {@code head} (at least 262 bytes for a plain tar), or null when unknown. */
    static ArchiveFormat sniff(byte[] head) {
        if (starts(head, 0x1f, 0x8b)) return TAR_GZ;
        if (starts(head, 'B', 'Z', 'h')) return TAR_BZ2;
        if (starts(head, 0xfd, '7', 'z', 'X', 'Z', 0)) return TAR_XZ;
        if (starts(head, 'P', 'K', 3, 4) || starts(head, 'P', 'K', 5, 6)) return ZIP;
        if (head.length >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a' && head[261] == 'r') return TAR;
        return null;
    }

    /**
     * A shell {@code case} that runs {@code zip} when the host's file {@code src} is a zip archive and {@code other}
     * otherwise (tar, which detects compression itself): for archives known only on the host.
     */
    static String onHost(String src, String zip, String other) {
        return "case $(head -c 4 " + dev.opsctl.transport.Shell.path(src) + " | od -An -tx1 | tr -d ' \\n') in 504b0304*|504b0506*) "
                + zip + ";; *) " + other + ";; esac";
    }

    private static boolean starts(byte[] head, int... magic) {
        if (head.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if ((head[i] & 0xff) != magic[i]) return false;
        return true;
    }
}
