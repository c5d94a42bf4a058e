package dev.opsctl.module.find;

import java.util.LinkedHashMap;
import java.util.Map;

/** One entry of find's {@code files}, with the keys and types find.py's {@code statinfo} gives it. */
final class FindStat {
    private FindStat() {}

    static Map<String, Object> of(String path, FindQuery.Entry e, boolean checksum) {
        int m = e.mode();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("path", path);
        r.put("mode", String.format("%04o", m & 07777));
        r.put("isdir", e.type() == 'd');
        r.put("ischr", e.type() == 'c');
        r.put("isblk", e.type() == 'b');
        r.put("isreg", e.type() == 'f');
        r.put("isfifo", e.type() == 'p');
        r.put("islnk", e.type() == 'l');
        r.put("issock", e.type() == 's');
        r.put("uid", e.uid());
        r.put("gid", e.gid());
        r.put("size", e.size());
        r.put("inode", e.inode());
        r.put("dev", e.dev());
        r.put("nlink", e.nlink());
        r.put("atime", e.atime());
        r.put("mtime", e.mtime());
        r.put("ctime", e.ctime());
        r.put("gr_name", e.group());
        r.put("pw_name", e.owner());
        r.put("wusr", (m & 0200) != 0);
        r.put("rusr", (m & 0400) != 0);
        r.put("xusr", (m & 0100) != 0);
        r.put("wgrp", (m & 020) != 0);
        r.put("rgrp", (m & 040) != 0);
        r.put("xgrp", (m & 010) != 0);
        r.put("woth", (m & 02) != 0);
        r.put("roth", (m & 04) != 0);
        r.put("xoth", (m & 01) != 0);
        r.put("isuid", (m & 04000) != 0);
        r.put("isgid", (m & 02000) != 0);
        if (checksum && e.type() == 'f' && e.checksum() != null) r.put("checksum", e.checksum());
        return r;
    }
}
