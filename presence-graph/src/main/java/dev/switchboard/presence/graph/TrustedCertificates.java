package dev.switchboard.presence.graph;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS client context that trusts the JDK's usual authorities plus extra certificates given as
 * PEM (for a test tenant or a TLS-inspecting proxy).
 */
public final class TrustedCertificates {
    private TrustedCertificates() {}

    /** Parses every certificate in a PEM text. */
    public static List<X509Certificate> parsePem(String pem) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends java.security.cert.Certificate> certs =
                    cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            List<X509Certificate> result = new ArrayList<>();
            for (java.security.cert.Certificate c : certs) {
                result.add((X509Certificate) c);
            }
            if (result.isEmpty()) {
                throw new IllegalArgumentException("no certificate in the PEM text");
            }
            return result;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** The default trust plus {@code extra}. */
    public static SSLContext clientContext(List<X509Certificate> extra) {
        try {
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            X509TrustManager system = (X509TrustManager) defaults.getTrustManagers()[0];
            if (extra.isEmpty()) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {system}, null);
                return ctx;
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : extra) {
                ks.setCertificateEntry("extra-" + i++, c);
            }
            TrustManagerFactory extraFactory =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            extraFactory.init(ks);
            X509TrustManager added = (X509TrustManager) extraFactory.getTrustManagers()[0];
            X509TrustManager both = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    system.checkClientTrusted(chain, authType);
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    try {
                        added.checkServerTrusted(chain, authType);
                    } catch (CertificateException notExtra) {
                        system.checkServerTrusted(chain, authType);
                    }
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    List<X509Certificate> all = new ArrayList<>(List.of(system.getAcceptedIssuers()));
                    all.addAll(List.of(added.getAcceptedIssuers()));
                    return all.toArray(X509Certificate[]::new);
                }
            };
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {both}, null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the TLS trust", e);
        }
    }
}
