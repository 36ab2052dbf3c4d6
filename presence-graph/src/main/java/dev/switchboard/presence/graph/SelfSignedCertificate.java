package dev.switchboard.presence.graph;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An RSA key pair with a self-signed certificate, made with BouncyCastle: for the built-in HTTPS
 * webhook listener and for the key Graph encrypts rich notifications with (Graph does not check
 * who issued that certificate).
 */
public record SelfSignedCertificate(PrivateKey privateKey, X509Certificate certificate) {

    /** A new 2048-bit RSA key and certificate for {@code commonName}, valid {@code validity}. */
    public static SelfSignedCertificate generate(String commonName, List<String> hostsOrIps, Duration validity) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=" + commonName);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name,
                    new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(validity)),
                    name,
                    pair.getPublic());
            if (!hostsOrIps.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String h : hostsOrIps) {
                    names.add(
                            isIp(h)
                                    ? new GeneralName(GeneralName.iPAddress, h)
                                    : new GeneralName(GeneralName.dNSName, h));
                }
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new SelfSignedCertificate(pair.getPrivate(), cert);
        } catch (GeneralSecurityException
                | org.bouncycastle.operator.OperatorCreationException
                | java.io.IOException e) {
            throw new IllegalStateException("cannot create a self-signed certificate", e);
        }
    }

    private static boolean isIp(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    /** A server-side TLS context presenting this certificate. */
    public SSLContext serverContext() {
        try {
            char[] pw = "changeit".toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", privateKey, pw, new java.security.cert.Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }

    /** The certificate as PEM. */
    public String certificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate(" + certificate.getSubjectX500Principal() + ")";
    }
}
