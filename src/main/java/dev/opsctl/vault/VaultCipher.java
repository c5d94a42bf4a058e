package dev.opsctl.vault;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ansible Vault's AES256 cipher (ansible/parsing/vault/__init__.py, {@code VaultAES256}) on the JDK's own crypto:
 * PBKDF2-HMAC-SHA256 with 10,000 iterations gives 80 bytes (AES-256 key, HMAC-SHA256 key, CTR IV); the plaintext
 * is PKCS#7-padded (as Ansible does, though CTR needs no padding) and encrypted with AES-CTR; the HMAC covers the
 * ciphertext and is checked before anything is decrypted. The body is hex of "hex(salt)\nhex(hmac)\nhex(ciphertext)".
 */
public final class VaultCipher {
    private static final int ITERATIONS = 10_000;
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private VaultCipher() {}

    private record Keys(byte[] aes, byte[] hmac, byte[] iv) {}

    /** The hex body (without envelope) for {@code plaintext} under {@code password}, with a fresh 32-byte salt. */
    public static String encrypt(byte[] plaintext, byte[] password) {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        Keys k = derive(password, salt);
        byte[] ciphertext = ctr(Cipher.ENCRYPT_MODE, k, pad(plaintext));
        byte[] mac = hmac(k, ciphertext);
        String inner = hex(salt) + "\n" + hex(mac) + "\n" + hex(ciphertext);
        return hex(inner.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The plaintext of a hex body; {@link VaultException} when the body is malformed. Returns null when the HMAC does
     * not match, which is what a wrong password (or a tampered file) looks like.
     */
    public static byte[] decrypt(String body, byte[] password) {
        byte[] inner = unhex(body, "the vault body");
        String[] parts = new String(inner, StandardCharsets.US_ASCII).split("\n", 3);
        if (parts.length != 3) throw new VaultException("the vault body does not hold salt, HMAC and ciphertext");
        byte[] salt = unhex(parts[0], "the salt");
        byte[] expected = unhex(parts[1], "the HMAC");
        byte[] ciphertext = unhex(parts[2], "the ciphertext");
        Keys k = derive(password, salt);
        if (!MessageDigest.isEqual(expected, hmac(k, ciphertext))) return null;
        return unpad(ctr(Cipher.DECRYPT_MODE, k, ciphertext));
    }

    private static Keys derive(byte[] password, byte[] salt) {
        char[] chars = utf8Chars(password);
        try {
            // SunJCE's PBKDF2 feeds the password to HMAC as UTF-8, so the chars of UTF-8 bytes give the same key.
            PBEKeySpec spec = new PBEKeySpec(chars, salt, ITERATIONS, (2 * KEY_BYTES + IV_BYTES) * 8);
            byte[] all = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            return new Keys(Arrays.copyOfRange(all, 0, KEY_BYTES), Arrays.copyOfRange(all, KEY_BYTES, 2 * KEY_BYTES),
                    Arrays.copyOfRange(all, 2 * KEY_BYTES, 2 * KEY_BYTES + IV_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static char[] utf8Chars(byte[] password) {
        try {
            var chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(password));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new VaultException("a vault password must be UTF-8 text");
        }
    }

    private static byte[] ctr(int mode, Keys k, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(mode, new SecretKeySpec(k.aes(), "AES"), new IvParameterSpec(k.iv()));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/CTR", e);
        }
    }

    private static byte[] hmac(Keys k, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(k.hmac(), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    private static byte[] pad(byte[] data) {
        int n = 16 - data.length % 16;
        byte[] out = Arrays.copyOf(data, data.length + n);
        Arrays.fill(out, data.length, out.length, (byte) n);
        return out;
    }

    private static byte[] unpad(byte[] data) {
        int n = data.length == 0 ? 0 : data[data.length - 1] & 0xff;
        if (n < 1 || n > 16 || n > data.length) throw new VaultException("the decrypted data has no valid padding");
        for (int i = data.length - n; i < data.length; i++) {
            if ((data[i] & 0xff) != n) throw new VaultException("the decrypted data has no valid padding");
        }
        return Arrays.copyOf(data, data.length - n);
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    private static byte[] unhex(String s, String what) {
        try {
            return java.util.HexFormat.of().parseHex(s.strip());
        } catch (IllegalArgumentException e) {
            throw new VaultException(what + " is not hexadecimal");
        }
    }
}
