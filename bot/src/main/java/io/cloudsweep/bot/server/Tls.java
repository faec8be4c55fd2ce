package io.cloudsweep.bot.server;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's TLS identity from PEM files: a certificate chain (the server's first) and its unencrypted PKCS#8 private
 * key, RSA or EC. Only TLS 1.3 and 1.2 are offered ({@link #PROTOCOLS}).
 */
public final class Tls {

    /** What the server speaks: TLS 1.3, and 1.2 for clients that need it; nothing older. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final Pattern PKCS8 = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private Tls() {
    }

    /**
     * The TLS context of {@code certificate} and {@code key}.
     *
     * @throws IllegalArgumentException saying which file is missing or unreadable, and what form it must take
     */
    public static SSLContext fromPem(Path certificate, Path key) {
        Collection<? extends Certificate> chain = certificates(certificate);
        PrivateKey privateKey = privateKey(key);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("cloudsweep", privateKey, password, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("--tls-key " + key + " does not go with the certificate in " + certificate + ": " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(Path file) {
        try {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("--tls-cert " + file + " holds no certificate: give a PEM file, the server's certificate first");
            }
            return chain;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--tls-cert " + file + " not found");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-cert " + file + " is not a PEM certificate chain: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--tls-key " + file + " not found");
        } catch (IOException e) {
            throw new IllegalArgumentException("--tls-key " + file + " cannot be read: " + e.getMessage(), e);
        }
        Matcher matcher = PKCS8.matcher(pem);
        if (!matcher.find()) {
            throw new IllegalArgumentException("--tls-key " + file + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); convert one with"
                    + " `openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem`");
        }
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException notThisOne) {
                // try the next algorithm
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("--tls-key " + file + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("--tls-key " + file + " is neither an RSA nor an EC key");
    }
}
