package dev.opsctl.transport.ssh;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import net.schmizz.sshj.common.SecurityUtils;

/**
 * Makes sshj use the JDK's own security providers, never Bouncy Castle's JCE provider. The JDK has every algorithm
 * opsctl offers (X25519 and ECDH key exchange, Ed25519, ECDSA and RSA keys, AES-CTR and AES-GCM, HMAC-SHA2); sshj
 * registers Bouncy Castle's provider at its first crypto call when nobody says otherwise, and building that provider
 * (a table of some 1,500 algorithms) cost about a tenth of a cold one-host plan. Must run before sshj's first crypto
 * call: a provider once registered stays in use.
 *
 * <p>sshj asks for ECDSA keys by Bouncy Castle's name, {@code KeyFactory.ECDSA}; the JDK calls that factory
 * {@code EC}. A one-service provider, added last, answers the one name with the JDK's factory.
 */
public final class JdkCrypto {
    static {
        SecurityUtils.setRegisterBouncyCastle(false);
        Security.addProvider(new EcdsaName());
    }

    private JdkCrypto() {}

    /** Loads this class, once; the settings are made by its initializer. */
    public static void use() {
        // The static initializer above does the work.
    }

    /** {@code KeyFactory.ECDSA}: the JDK's {@code EC} key factory. */
    static final class EcdsaName extends Provider {
        EcdsaName() {
            super("OpsctlEcdsaName", "1", "KeyFactory ECDSA (Bouncy Castle's name, which sshj uses) as the JDK's EC key factory");
            putService(new Service(this, "KeyFactory", "ECDSA", EcKeys.class.getName(), null, null) {
                @Override
                public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                    return new EcKeys(KeyFactory.getInstance("EC"));
                }
            });
        }
    }

    /** Hands every call to the JDK's EC key factory. */
    static final class EcKeys extends KeyFactorySpi {
        private final KeyFactory ec;

        EcKeys(KeyFactory ec) {
            this.ec = ec;
        }

        @Override
        protected PublicKey engineGeneratePublic(KeySpec spec) throws InvalidKeySpecException {
            return ec.generatePublic(spec);
        }

        @Override
        protected PrivateKey engineGeneratePrivate(KeySpec spec) throws InvalidKeySpecException {
            return ec.generatePrivate(spec);
        }

        @Override
        protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> type) throws InvalidKeySpecException {
            return ec.getKeySpec(key, type);
        }

        @Override
        protected Key engineTranslateKey(Key key) throws InvalidKeyException {
            return ec.translateKey(key);
        }
    }
}
