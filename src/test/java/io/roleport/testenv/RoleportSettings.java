package io.roleport.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The application's configuration contract: the MicroProfile Config keys Roleport reads, filled in from a running
 * {@link Database}, {@link LocalIdp} and (optional) {@link CloudEndpoint}, written as a properties file that Payara
 * Micro loads with {@code --systemproperties}.
 */
public final class RoleportSettings {

    /** Identity of the installation's AWS principal as the simulator's seed knows it. */
    public static final String AWS_REGION = "eu-west-1";
    public static final String AWS_ACCESS_KEY_ID = "AKIAROLEPORTLOCAL001";
    public static final String AWS_SECRET_ACCESS_KEY = "roleport-local-secret-not-for-production";
    public static final String AWS_PRINCIPAL_ARN = "arn:aws:iam::111111111111:user/roleport";
    public static final String AWS_DEFAULT_ROLE_ARN = "arn:aws:iam::222222222222:role/RoleportWorkload";
    public static final String AWS_DEFAULT_EXTERNAL_ID = "rp-00000000000000000000000000000222";

    /** The installation's default Azure service principal as the Azure simulator's seed knows it. */
    public static final String AZURE_DEFAULT_TENANT_ID = "aaaaaaaa-0000-0000-0000-000000000001";
    public static final String AZURE_DEFAULT_SUBSCRIPTION_ID = "aaaaaaaa-0000-0000-0000-000000000501";
    public static final String AZURE_DEFAULT_CLIENT_ID = "aaaaaaaa-0000-0000-0000-000000000a01";
    public static final String AZURE_DEFAULT_CLIENT_SECRET = "roleport-default-sp-secret-local-only";
    /** The demo customer tenant (org initech-azure) and its federated app (see docs/simulator-azure.md). */
    public static final String AZURE_DEMO_TENANT_ID = "bbbbbbbb-0000-0000-0000-000000000001";
    public static final String AZURE_DEMO_FEDERATED_CLIENT_ID = "bbbbbbbb-0000-0000-0000-000000000a04";
    /**
     * The workload subject of the demo organization {@code acme} (its ExternalId in the demo data), which the federated
     * demo app trusts (seed, and {@link TestEnvironment} for the tests' issuer).
     */
    public static final String AZURE_DEMO_FEDERATED_SUBJECT = "roleport:org:rp-3c6e0b8a5d2f41e7a9b0c1d2e3f40516";
    /** The path of the workload identity issuer under the application's base URL. */
    public static final String WORKLOAD_ISSUER_PATH = "/workload-identity";

    /** Issue #15: the truststore (in target/) a test's webhook receiver writes its certificate to. */
    public static final String WEBHOOK_TRUSTSTORE = "webhook-receiver-truststore.p12";
    /** Its password: it protects nothing secret (a public certificate). */
    public static final String WEBHOOK_TRUSTSTORE_PASSWORD = "roleport-webhook-receiver";

    private RoleportSettings() {
    }

    /** The key/value pairs of the contract, in a stable order (no Azure endpoint). */
    public static Map<String, String> of(Database db, LocalIdp idp, Optional<CloudEndpoint> cloud, String cryptoKey) {
        return of(db, idp, cloud, Optional.empty(), cryptoKey);
    }

    /** The key/value pairs of the contract, in a stable order, without a workload identity issuer. */
    public static Map<String, String> of(Database db, LocalIdp idp, Optional<CloudEndpoint> cloud,
                                         Optional<AzureEndpoint> azure, String cryptoKey) {
        return of(db, idp, cloud, azure, cryptoKey, null, null);
    }

    /**
     * The key/value pairs of the contract, in a stable order.
     *
     * @param workloadIssuer     Roleport's workload identity issuer URL (the application's base URL +
     *                           {@value #WORKLOAD_ISSUER_PATH}), or null
     * @param workloadSigningKey its private signing key (a JWK, see {@link #newWorkloadSigningKey()}), or null
     */
    public static Map<String, String> of(Database db, LocalIdp idp, Optional<CloudEndpoint> cloud,
                                         Optional<AzureEndpoint> azure, String cryptoKey, String workloadIssuer,
                                         String workloadSigningKey) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("roleport.db.url", db.jdbcUrl());
        p.put("roleport.db.user", db.runtimeUser());
        p.put("roleport.db.password", db.password());
        p.put("roleport.db.migration-user", db.user());
        p.put("roleport.db.migration-password", db.password());
        p.put("roleport.oidc.issuer", idp.issuer());
        p.put("roleport.oidc.client-id", LocalIdp.CLIENT_ID);
        p.put("roleport.oidc.client-secret", LocalIdp.CLIENT_SECRET);
        p.put("roleport.oidc.name-claim", "name"); // "Alice": the header and the audit trail show it
        cloud.ifPresent(c -> p.put("roleport.aws.endpoint", stripSlash(c.endpoint().toString())));
        p.put("roleport.aws.region", AWS_REGION);
        p.put("roleport.aws.access-key-id", AWS_ACCESS_KEY_ID);
        p.put("roleport.aws.secret-access-key", AWS_SECRET_ACCESS_KEY);
        p.put("roleport.aws.principal-arn", AWS_PRINCIPAL_ARN);
        p.put("roleport.aws.default-role-arn", AWS_DEFAULT_ROLE_ARN);
        p.put("roleport.aws.default-external-id", AWS_DEFAULT_EXTERNAL_ID);
        azure.ifPresent(a -> {
            String endpoint = stripSlash(a.endpoint().toString());
            p.put("roleport.azure.authority-host", endpoint);
            p.put("roleport.azure.resource-manager-endpoint", endpoint + "/");
            p.put("roleport.azure.truststore", a.trustStore().toAbsolutePath().toString());
            p.put("roleport.azure.truststore-password", a.trustStorePassword());
        });
        p.put("roleport.azure.default-tenant-id", AZURE_DEFAULT_TENANT_ID);
        p.put("roleport.azure.default-subscription-id", AZURE_DEFAULT_SUBSCRIPTION_ID);
        p.put("roleport.azure.default-client-id", AZURE_DEFAULT_CLIENT_ID);
        p.put("roleport.azure.default-client-secret", AZURE_DEFAULT_CLIENT_SECRET);
        if (workloadIssuer != null) {
            p.put("roleport.workload-identity.issuer", workloadIssuer);
        }
        if (workloadSigningKey != null) {
            p.put("roleport.workload-identity.signing-key", workloadSigningKey);
        }
        p.put("roleport.demo-data", "true");
        p.put("roleport.thirdparty-idp.allow-insecure", "true"); // the local IdP: http on 127.0.0.1
        // --- webhooks (issue #15): receivers on 127.0.0.1 with a test certificate this truststore holds ---
        p.put("roleport.webhooks.allow-private", "true");
        p.put("roleport.webhooks.truststore", ProjectPaths.target().resolve(WEBHOOK_TRUSTSTORE).toAbsolutePath().toString());
        p.put("roleport.webhooks.truststore-password", WEBHOOK_TRUSTSTORE_PASSWORD);
        p.put("roleport.crypto.key", cryptoKey);
        return p;
    }

    /** A new AES-256 key: base64 of 32 random bytes. */
    public static String newCryptoKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A new RSA-2048 private key as a JWK (JSON, with a random {@code kid}): Roleport's workload signing key. */
    public static String newWorkloadSigningKey() {
        try {
            return new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("rp-" + java.util.UUID.randomUUID())
                    .generate().toJSONString();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The workload signing key kept in {@code file} (a JWK), created there (owner-readable only) if missing. */
    public static String workloadSigningKeyIn(Path file) {
        return keyIn(file, RoleportSettings::newWorkloadSigningKey, key -> true, "a signing key");
    }

    /** The key kept in {@code file}, created there (owner-readable only) if missing. */
    public static String cryptoKeyIn(Path file) {
        return keyIn(file, RoleportSettings::newCryptoKey, key -> Base64.getDecoder().decode(key).length == 32,
                "base64 of 32 bytes");
    }

    /** The key kept in {@code file} (it must be {@code what}), or a new one made and kept there, owner-readable only. */
    private static String keyIn(Path file, java.util.function.Supplier<String> newKey,
            java.util.function.Predicate<String> valid, String what) {
        try {
            if (Files.isRegularFile(file)) {
                String key = Files.readString(file).trim();
                if (valid.test(key)) {
                    return key;
                }
                throw new IllegalStateException(file + " does not hold " + what + ": delete it to make a new key");
            }
            String key = newKey.get();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, key + "\n");
            restrict(file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the settings as a properties file (owner-readable only: it holds passwords and the key). */
    public static Path write(Map<String, String> settings, Path file, String comment) {
        StringBuilder text = new StringBuilder();
        text.append("# ").append(comment).append('\n');
        text.append("# Written ").append(Instant.now()).append(" by ").append(RoleportSettings.class.getName())
                .append(": read by Payara Micro with --systemproperties.\n");
        settings.forEach((k, v) -> text.append(k).append('=').append(escape(v)).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            restrict(tmp);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to do
        }
    }
}
