package io.roleport.testenv;

import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.Base64;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TestEnvironment#get()} starts everything once and writes the settings file Payara Micro reads, holding
 * every key of the application's configuration contract.
 */
class TestEnvironmentTest {

    @Test
    void startsOnceAndWritesTheSettingsFile() throws Exception {
        TestEnvironment.Running env = TestEnvironment.get();
        assertSame(env, TestEnvironment.get(), "started once per JVM");
        assertEquals(ProjectPaths.resolve(TestEnvironment.PROPERTIES_FILE), env.propertiesFile());

        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(env.propertiesFile())) {
            file.load(in);
        }
        assertEquals(env.database().jdbcUrl(), file.getProperty("roleport.db.url"));
        assertTrue(file.getProperty("roleport.db.url").matches("jdbc:mariadb://127\\.0\\.0\\.1:\\d+/roleport_test(_[0-9a-f]{8})?"));
        assertEquals("roleport_app", file.getProperty("roleport.db.user"), "the application runs as the data-only user");
        assertEquals("roleport", file.getProperty("roleport.db.migration-user"), "the schema's owner migrates");
        assertTrue(!file.getProperty("roleport.db.password").isEmpty());
        assertEquals(env.idp().issuer(), file.getProperty("roleport.oidc.issuer"));
        assertEquals("roleport", file.getProperty("roleport.oidc.client-id"));
        assertEquals("roleport-local-client-secret", file.getProperty("roleport.oidc.client-secret"));
        assertEquals("eu-west-1", file.getProperty("roleport.aws.region"));
        assertEquals("AKIAROLEPORTLOCAL001", file.getProperty("roleport.aws.access-key-id"));
        assertEquals("roleport-local-secret-not-for-production", file.getProperty("roleport.aws.secret-access-key"));
        assertEquals("arn:aws:iam::111111111111:user/roleport", file.getProperty("roleport.aws.principal-arn"));
        assertEquals("arn:aws:iam::222222222222:role/RoleportWorkload", file.getProperty("roleport.aws.default-role-arn"));
        assertEquals("rp-00000000000000000000000000000222", file.getProperty("roleport.aws.default-external-id"));
        assertEquals("true", file.getProperty("roleport.demo-data"));
        assertEquals(32, Base64.getDecoder().decode(file.getProperty("roleport.crypto.key")).length);
        assertEquals(env.cloud().map(c -> c.endpoint().toString().replaceAll("/$", "")).orElse(null),
                file.getProperty("roleport.aws.endpoint"), "endpoint present exactly when the simulator runs");

        assertEquals("aaaaaaaa-0000-0000-0000-000000000001", file.getProperty("roleport.azure.default-tenant-id"));
        assertEquals("aaaaaaaa-0000-0000-0000-000000000501", file.getProperty("roleport.azure.default-subscription-id"));
        assertEquals("aaaaaaaa-0000-0000-0000-000000000a01", file.getProperty("roleport.azure.default-client-id"));
        assertEquals("roleport-default-sp-secret-local-only", file.getProperty("roleport.azure.default-client-secret"));
        assertTrue(env.azure().isPresent(), "the Azure simulator is on the test classpath");
        String azure = env.azure().get().endpoint().toString().replaceAll("/$", "");
        assertTrue(azure.matches("https://127\\.0\\.0\\.1:\\d+"), azure);
        assertEquals(azure, file.getProperty("roleport.azure.authority-host"));
        assertEquals(azure + "/", file.getProperty("roleport.azure.resource-manager-endpoint"));
        java.nio.file.Path trustStore = java.nio.file.Path.of(file.getProperty("roleport.azure.truststore"));
        assertTrue(trustStore.isAbsolute() && Files.isRegularFile(trustStore), trustStore.toString());
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = Files.newInputStream(trustStore)) {
            ks.load(in, file.getProperty("roleport.azure.truststore-password").toCharArray());
        }
        assertTrue(ks.size() > 1, "JDK CAs plus the simulator's certificate");

        try (Connection c = env.database().connect()) {
            assertTrue(c.isValid(2));
        }
    }
}
