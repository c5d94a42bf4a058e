package dev.opsctl.module.aptkey;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The OpenPGP public keys in a key file, armored or binary (RFC 4880): enough to find keys by ID and to add or
 * remove whole keys in a keyring file without gpg. Version 4 keys only, which is what APT repositories publish.
 */
final class OpenPgpKeys {
    private static final String BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    private static final String END = "-----END PGP PUBLIC KEY BLOCK-----";
    private static final int PUBLIC_KEY = 6;
    private static final int PUBLIC_SUBKEY = 14;
    private static final int USER_ID = 13;

    /**
     * One transferable public key: its fingerprint, its subkeys' fingerprints, its first user ID, and its packets
     * as they stand in the file.
     */
    record PublicKey(String fingerprint, List<String> subkeys, String userId, byte[] packets) {
        /** The long key ID: the fingerprint's last 16 hex digits. */
        String keyId() {
            return fingerprint.substring(fingerprint.length() - 16);
        }

        /** Whether {@code id} (8, 16 or 40 hex digits, upper case) names this key or one of its subkeys, as gpg matches it. */
        boolean matches(String id) {
            if (fingerprint.endsWith(id)) return true;
            for (String s : subkeys) if (s.endsWith(id)) return true;
            return false;
        }

        String describe() {
            return keyId() + (userId == null ? "" : " (" + userId + ")");
        }
    }

    private OpenPgpKeys() {}

    static boolean armored(byte[] data) {
        return new String(data, 0, Math.min(data.length, 4096), StandardCharsets.ISO_8859_1).contains(BEGIN);
    }

    /** The keys in {@code data}; throws IllegalArgumentException saying what is wrong with it. */
    static List<PublicKey> read(byte[] data) {
        return parse(armored(data) ? dearmor(data) : data);
    }

    /** The keys in a keyring file found on a host, or none when it is not an OpenPGP keyring (a GnuPG keybox, say). */
    static List<PublicKey> readLeniently(byte[] data) {
        try {
            return read(data);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /** The binary packets of every armored block in {@code data}. */
    static byte[] dearmor(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String text = new String(data, StandardCharsets.US_ASCII);
        int at = 0;
        while ((at = text.indexOf(BEGIN, at)) >= 0) {
            int end = text.indexOf(END, at);
            if (end < 0) throw new IllegalArgumentException("armored key block without its END line");
            String[] lines = text.substring(at + BEGIN.length(), end).split("\r?\n");
            StringBuilder b64 = new StringBuilder();
            // lines[0] is the rest of the BEGIN line; armor headers ("Version: ...") follow, up to an empty line.
            int n = 1;
            while (n < lines.length && !lines[n].isBlank() && lines[n].contains(": ")) n++;
            for (; n < lines.length; n++) {
                String line = lines[n].strip();
                if (line.startsWith("=")) break;
                b64.append(line);
            }
            out.writeBytes(Base64.getDecoder().decode(b64.toString()));
            at = end + END.length();
        }
        return out.toByteArray();
    }

    /** {@code packets} as one ASCII-armored public key block, with its CRC-24 checksum. */
    static String armor(byte[] packets) {
        StringBuilder sb = new StringBuilder(BEGIN).append("\n\n");
        String b64 = Base64.getEncoder().encodeToString(packets);
        for (int i = 0; i < b64.length(); i += 64) sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        int crc = crc24(packets);
        sb.append('=').append(Base64.getEncoder().encodeToString(new byte[] {(byte) (crc >> 16), (byte) (crc >> 8), (byte) crc})).append('\n');
        return sb.append(END).append('\n').toString();
    }

    private static int crc24(byte[] data) {
        int crc = 0xB704CE;
        for (byte b : data) {
            crc ^= (b & 0xff) << 16;
            for (int i = 0; i < 8; i++) {
                crc <<= 1;
                if ((crc & 0x1000000) != 0) crc ^= 0x1864CFB;
            }
        }
        return crc & 0xFFFFFF;
    }

    private static List<PublicKey> parse(byte[] d) {
        List<PublicKey> keys = new ArrayList<>();
        int keyStart = -1;
        String fingerprint = null;
        String userId = null;
        List<String> subkeys = new ArrayList<>();
        int i = 0;
        while (i < d.length) {
            int header = i;
            int b = d[i++] & 0xff;
            if ((b & 0x80) == 0) throw new IllegalArgumentException("not OpenPGP data (byte " + header + ")");
            int tag;
            long len;
            if ((b & 0x40) != 0) {
                tag = b & 0x3f;
                int first = at(d, i++);
                if (first < 192) len = first;
                else if (first < 224) len = ((first - 192) << 8) + at(d, i++) + 192;
                else if (first == 255) {
                    len = ((long) at(d, i) << 24) | (at(d, i + 1) << 16) | (at(d, i + 2) << 8) | at(d, i + 3);
                    i += 4;
                } else throw new IllegalArgumentException("partial-length packet in a key file");
            } else {
                tag = (b >> 2) & 0xf;
                switch (b & 3) {
                    case 0 -> len = at(d, i++);
                    case 1 -> { len = (at(d, i) << 8) | at(d, i + 1); i += 2; }
                    case 2 -> { len = ((long) at(d, i) << 24) | (at(d, i + 1) << 16) | (at(d, i + 2) << 8) | at(d, i + 3); i += 4; }
                    default -> len = d.length - i;
                }
            }
            if (i + len > d.length) throw new IllegalArgumentException("truncated OpenPGP packet");
            int bodyEnd = (int) (i + len);
            if (tag == PUBLIC_KEY) {
                if (keyStart >= 0) keys.add(new PublicKey(fingerprint, List.copyOf(subkeys), userId, java.util.Arrays.copyOfRange(d, keyStart, header)));
                keyStart = header;
                fingerprint = fingerprint(d, i, (int) len);
                userId = null;
                subkeys.clear();
            } else if (tag == PUBLIC_SUBKEY && keyStart >= 0) {
                subkeys.add(fingerprint(d, i, (int) len));
            } else if (tag == USER_ID && keyStart >= 0 && userId == null) {
                userId = new String(d, i, (int) len, StandardCharsets.UTF_8);
            } else if (keyStart < 0) {
                throw new IllegalArgumentException("OpenPGP data that does not start with a public key (packet tag " + tag + ")");
            }
            i = bodyEnd;
        }
        if (keyStart >= 0) keys.add(new PublicKey(fingerprint, List.copyOf(subkeys), userId, java.util.Arrays.copyOfRange(d, keyStart, d.length)));
        return keys;
    }

    /** A version 4 key's fingerprint: SHA-1 over 0x99, the two-byte body length and the body. */
    private static String fingerprint(byte[] d, int off, int len) {
        if (len < 1 || d[off] != 4) throw new IllegalArgumentException("only version 4 OpenPGP keys are supported");
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(new byte[] {(byte) 0x99, (byte) (len >> 8), (byte) len});
            sha1.update(d, off, len);
            return HexFormat.of().formatHex(sha1.digest()).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int at(byte[] d, int i) {
        if (i >= d.length) throw new IllegalArgumentException("truncated OpenPGP packet header");
        return d[i] & 0xff;
    }
}
