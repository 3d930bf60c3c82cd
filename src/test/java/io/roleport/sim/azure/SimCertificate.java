package io.roleport.sim.azure;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulator's TLS identity: a self-signed EC (P-256) certificate with SAN {@code ip:127.0.0.1,dns:localhost}, made
 * fresh at every start by the JDK's own {@code keytool} (nothing secret is committed), plus a PKCS12 truststore
 * holding the JDK's {@code cacerts} and that certificate for clients.
 */
public final class SimCertificate {

    static final String ALIAS = "roleport-azure-simulator";
    /** The truststore's password: it protects nothing secret (public certificates only). */
    static final String TRUSTSTORE_PASSWORD = "roleport-azure-sim";
    static final String TRUSTSTORE_FILE = "azure-simulator-truststore.p12";

    public final SSLContext serverContext;
    public final SSLContext clientContext;
    public final Certificate certificate;
    public final Path trustStore;

    private SimCertificate(SSLContext serverContext, SSLContext clientContext, Certificate certificate, Path trustStore) {
        this.serverContext = serverContext;
        this.clientContext = clientContext;
        this.certificate = certificate;
        this.trustStore = trustStore;
    }

    /** The key material, generated once per JVM (keytool takes a second or two; tests start several simulators). */
    private static KeyStore generated;
    private static char[] generatedPassword;

    private static synchronized KeyStore keyStore() throws IOException, GeneralSecurityException {
        if (generated == null) {
            generatedPassword = java.util.UUID.randomUUID().toString().toCharArray();
            generated = generate(generatedPassword);
        }
        return generated;
    }

    /** Generates (once per JVM) the key pair and writes the truststore into {@code trustStoreDir}. */
    public static SimCertificate create(Path trustStoreDir) throws IOException {
        Files.createDirectories(trustStoreDir);
        try {
            KeyStore ks = keyStore();
            char[] keyPassword = generatedPassword;
            Certificate cert = ks.getCertificate(ALIAS);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, keyPassword);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(kmf.getKeyManagers(), null, null);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
            if (Files.isRegularFile(cacerts)) {
                KeyStore jdk = KeyStore.getInstance(KeyStore.getDefaultType());
                try (InputStream in = Files.newInputStream(cacerts)) {
                    jdk.load(in, "changeit".toCharArray());
                }
                for (String alias : Collections.list(jdk.aliases())) {
                    if (jdk.isCertificateEntry(alias)) {
                        trust.setCertificateEntry(alias, jdk.getCertificate(alias));
                    }
                }
            }
            trust.setCertificateEntry(ALIAS, cert);
            Path trustFile = trustStoreDir.toAbsolutePath().resolve(TRUSTSTORE_FILE);
            Path tmp = Files.createTempFile(trustStoreDir.toAbsolutePath(), TRUSTSTORE_FILE, ".tmp");
            try (OutputStream out2 = Files.newOutputStream(tmp)) {
                trust.store(out2, TRUSTSTORE_PASSWORD.toCharArray());
            }
            Files.move(tmp, trustFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, tmf.getTrustManagers(), null);
            return new SimCertificate(server, client, cert, trustFile);
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot set up the simulator's TLS certificate: " + e, e);
        }
    }

    /** The certificate as PEM (what a kubeconfig's {@code certificate-authority-data} carries, base64-encoded). */
    public String pem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code keytool -genkeypair} into a temporary PKCS12 keystore and loads it. */
    private static KeyStore generate(char[] keyPassword) throws IOException, GeneralSecurityException {
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))); // may not exist yet in a clean build
        Path work = Files.createTempDirectory("azure-sim-key");
        Path keyStore = work.resolve("server.p12");
        try {
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            List<String> cmd = List.of(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-validity", "365", "-dname", "CN=localhost, OU=Roleport Azure simulator, O=Roleport",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "EKU=serverAuth",
                    "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                    "-storepass", new String(keyPassword), "-keypass", new String(keyPassword), "-noprompt");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool failed: " + out);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                ks.load(in, keyPassword);
            }
            return ks;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running keytool", e);
        } finally {
            Files.deleteIfExists(keyStore);
            Files.deleteIfExists(work);
        }
    }
}
