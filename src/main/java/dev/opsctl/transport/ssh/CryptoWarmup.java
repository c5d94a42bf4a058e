package dev.opsctl.transport.ssh;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Runs the crypto of one SSH connection once, with throwaway keys, on a background thread: sshj's shared config, an
 * X25519 key agreement, an Ed25519 signature and its check, AES-CTR, HMAC-SHA2 and SHA-256. In a fresh JVM the first
 * key exchange otherwise runs this code cold (interpreted, then compiled) on the critical path after the playbook is
 * loaded, while the second core idles during the load. No host, no network, no key of the user's.
 */
public final class CryptoWarmup {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private CryptoWarmup() {}

    /** Starts the warm-up once per process; returns at once. */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) return;
        Thread t = new Thread(CryptoWarmup::warm, "opsctl-ssh-warmup");
        t.setDaemon(true);
        t.start();
    }

    private static void warm() {
        try {
            SshConnector.prepareConfig();
            byte[] data = "opsctl warm-up".repeat(64).getBytes(StandardCharsets.US_ASCII);
            KeyPairGenerator x25519 = KeyPairGenerator.getInstance("X25519");
            KeyPair ours = x25519.generateKeyPair();
            KeyPair theirs = x25519.generateKeyPair();
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(ours.getPrivate());
            agreement.doPhase(theirs.getPublic(), true);
            byte[] secret = agreement.generateSecret();
            MessageDigest.getInstance("SHA-256").digest(secret);

            KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(ed.getPrivate());
            signer.update(data);
            byte[] signature = signer.sign();
            signer.initVerify(ed.getPublic());
            signer.update(data);
            signer.verify(signature);

            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"), new IvParameterSpec(new byte[16]));
            aes.update(data);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            mac.doFinal(data);
        } catch (GeneralSecurityException | RuntimeException e) {
            // Only a head start: each connection does its own crypto, and reports what fails there.
        }
    }
}
