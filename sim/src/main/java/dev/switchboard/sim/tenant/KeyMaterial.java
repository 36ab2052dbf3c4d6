package dev.switchboard.sim.tenant;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private key and its self-signed certificate, generated with BouncyCastle: the tenant's TLS
 * identity, an app's client certificate, or a webhook's encryption certificate.
 */
public record KeyMaterial(PrivateKey privateKey, X509Certificate certificate) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** An RSA-2048 key with a self-signed certificate (client assertions, rich notifications). */
    public static KeyMaterial rsa(String commonName) {
        return generate(commonName, "RSA", false);
    }

    /**
     * A TLS server identity for 127.0.0.1: an EC P-256 key (fast to generate and to handshake)
     * with subject alternative names 127.0.0.1, ::1 and localhost.
     */
    public static KeyMaterial loopbackServer(String commonName) {
        return generate(commonName, "EC", true);
    }

    private static KeyMaterial generate(String commonName, String algorithm, boolean loopbackServer) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            } else {
                generator.initialize(2048, RANDOM);
            }
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name,
                    new BigInteger(64, RANDOM).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(825))),
                    name,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
            if (loopbackServer) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(
                            GeneralName.iPAddress, InetAddress.getByName("::1").getHostAddress()),
                    new GeneralName(GeneralName.dNSName, "localhost")
                }));
            }
            String signature = algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(pair.getPrivate())));
            return new KeyMaterial(pair.getPrivate(), certificate);
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key and certificate", e);
        }
    }

    /** The certificate in PEM. */
    public String certificatePem() {
        return pem(certificate);
    }

    /** The certificate's DER bytes in standard base64 (Graph's {@code encryptionCertificate} format). */
    public String certificateBase64() {
        return certificateBase64(certificate);
    }

    /** A PKCS#12 file holding the key and the certificate under the alias {@code "key"}. */
    public byte[] pkcs12(char[] password) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            keyStore(password).store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write PKCS#12", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PKCS#12 key store holding the key and the certificate under the alias {@code "key"}. */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", privateKey, password, new X509Certificate[] {certificate});
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a key store", e);
        }
    }

    /** An SSL context that presents this identity as a TLS server (e.g. a test webhook). */
    public SSLContext serverSslContext() {
        try {
            char[] password = "unused".toCharArray();
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(password), password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a server SSL context", e);
        }
    }

    /** An SSL context that trusts exactly this certificate. */
    public SSLContext trustingSslContext() {
        return trusting(certificate);
    }

    static SSLContext trusting(X509Certificate certificate) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("trusted", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trusting SSL context", e);
        }
    }

    static String pem(X509Certificate certificate) {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String certificateBase64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a certificate given as PEM or as bare (standard) base64 DER. */
    public static X509Certificate parseCertificate(String pemOrBase64) {
        String body = pemOrBase64
                .replace("-----BEGIN CERTIFICATE-----", "")
                .replace("-----END CERTIFICATE-----", "")
                .replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not a base64 X.509 certificate", e);
        }
    }

    static byte[] thumbprint(X509Certificate certificate, String digest) {
        try {
            return MessageDigest.getInstance(digest).digest(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
