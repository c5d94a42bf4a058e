package dev.opsctl.approval;

import com.hierynomus.sshj.signature.SignatureEdDSA;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.signature.Signature;
import net.schmizz.sshj.signature.SignatureECDSA;
import net.schmizz.sshj.signature.SignatureRSA;

/**
 * Signs and verifies with SSH keys through sshj's signature classes, which know each key type's SSH encoding
 * (an ECDSA signature's two integers, for one). RSA signs as {@code rsa-sha2-512}, as ssh-keygen does; a
 * {@code ssh-rsa} (SHA-1) signature is refused, as OpenSSH refuses it for SSHSIG.
 */
final class KeySignatures {
    private KeySignatures() {}

    /** The public key in SSH wire form, as allowed_signers and SSHSIG carry it. */
    static byte[] wireForm(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    static PublicKey fromWireForm(byte[] blob) throws SshSignature.SignatureException {
        try {
            return new Buffer.PlainBuffer(blob).readPublicKey();
        } catch (Buffer.BufferException | RuntimeException e) {
            throw new SshSignature.SignatureException("a public key opsctl cannot read: " + e.getMessage());
        }
    }

    /** {@code string algorithm, string signature} over {@code data}. */
    static byte[] sign(PublicKey publicKey, PrivateKey privateKey, byte[] data) {
        String algorithm = signatureAlgorithm(KeyType.fromKey(publicKey).toString());
        Signature s = forAlgorithm(algorithm);
        s.initSign(privateKey);
        s.update(data);
        byte[] raw = s.encode(s.sign());
        return new Buffer.PlainBuffer().putString(algorithm).putString(raw).getCompactData();
    }

    /** Whether {@code signature} ({@code string algorithm, string signature}) is {@code key}'s over {@code data}. */
    static boolean verify(PublicKey key, String algorithm, byte[] signature, byte[] data) throws SshSignature.SignatureException {
        String keyType = KeyType.fromKey(key).toString();
        boolean fits = algorithm.equals(keyType) && !algorithm.equals("ssh-rsa")
                || keyType.equals("ssh-rsa") && (algorithm.equals("rsa-sha2-512") || algorithm.equals("rsa-sha2-256"));
        if (!fits) throw new SshSignature.SignatureException("a " + algorithm + " signature by a " + keyType + " key (not accepted)");
        Signature s = forAlgorithm(algorithm);
        s.initVerify(key);
        s.update(data);
        try {
            return s.verify(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The signature algorithm opsctl signs with for a key type. */
    static String signatureAlgorithm(String keyType) {
        return keyType.equals("ssh-rsa") ? "rsa-sha2-512" : keyType;
    }

    private static Signature forAlgorithm(String algorithm) {
        return switch (algorithm) {
            case "ssh-ed25519" -> new SignatureEdDSA.Factory().create();
            case "rsa-sha2-512" -> new SignatureRSA.FactoryRSASHA512().create();
            case "rsa-sha2-256" -> new SignatureRSA.FactoryRSASHA256().create();
            case "ecdsa-sha2-nistp256" -> new SignatureECDSA.Factory256().create();
            case "ecdsa-sha2-nistp384" -> new SignatureECDSA.Factory384().create();
            case "ecdsa-sha2-nistp521" -> new SignatureECDSA.Factory521().create();
            default -> throw new IllegalArgumentException("signatures by " + algorithm + " keys are not supported "
                    + "(ssh-ed25519, ecdsa-sha2-nistp256/384/521 and ssh-rsa are)");
        };
    }

    static boolean sameKey(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
