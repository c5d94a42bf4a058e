package dev.opsctl.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * OpenSSH's SHA256 fingerprints ({@code ssh-keygen -lf}) of the private keys a run was given: from the key's
 * {@code .pub} file beside it, else from the key itself when it is not encrypted. A key that can be read neither way
 * is left out: the journal records the keys it can name.
 */
public final class KeyFingerprints {
    private KeyFingerprints() {}

    public static List<String> of(Collection<Path> privateKeys) {
        Set<String> out = new LinkedHashSet<>();
        for (Path key : privateKeys) {
            String f = fingerprint(key);
            if (f != null) out.add(f);
        }
        return new ArrayList<>(out);
    }

    static String fingerprint(Path key) {
        try {
            Path pub = Path.of(key + ".pub");
            if (Files.isReadable(pub)) {
                String[] words = Files.readString(pub, StandardCharsets.UTF_8).strip().split("\\s+");
                if (words.length >= 2) return sha256(Base64.getDecoder().decode(words[1]));
            }
            if (!Files.isReadable(key)) return null;
            try (var client = new net.schmizz.sshj.SSHClient()) {
                KeyProvider provider = client.loadKeys(key.toString());
                PublicKey pk = provider.getPublic();
                return sha256(new Buffer.PlainBuffer().putPublicKey(pk).getCompactData());
            }
        } catch (Exception e) {
            // encrypted, unreadable or not a key: not named
            return null;
        }
    }

    private static String sha256(byte[] blob) throws java.security.NoSuchAlgorithmException {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
    }
}
