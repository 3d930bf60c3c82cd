package io.roleport.sim;

import static io.roleport.sim.SimClients.FAST_WAITER;
import static io.roleport.sim.SimClients.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AccessScopeType;
import software.amazon.awssdk.services.eks.model.AuthenticationMode;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.EksException;
import software.amazon.awssdk.services.eks.model.InvalidParameterException;
import software.amazon.awssdk.services.eks.model.InvalidRequestException;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eks.waiters.EksWaiter;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Contract of EKS access management and of the clusters' Kubernetes API: access entries and their policies with EKS's
 * error shapes and IAM authorization; tokens verified as aws-iam-authenticator verifies them (signature, expiry, host,
 * the signed cluster id), 401 for an identity without an access entry, 403 for what its access policy does not allow.
 */
class KubeApiTest {
    private static final String ACCOUNT = "333333333333";
    private static final String CLUSTER_ROLE = "arn:aws:iam::333333333333:role/RoleportEksClusterRole";
    private static final String VIEW = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";
    private static final String TRUST_ACCOUNT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::333333333333:root\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static CloudSimulator sim;
    private static EksClient eks;
    private static List<String> subnets;
    private static String viewerArn;
    private static AwsSessionCredentials viewer;
    private static AwsSessionCredentials stranger;
    private static Cluster cluster;

    @BeforeAll
    static void aClusterWithAViewerEntry() throws Exception {
        sim = CloudSimulator.start(0, SEED);
        sim.setTransitionDelay(Duration.ofMillis(100));
        // Mechanics, not the automation role's policy (PermissionContractTest): full access for the creator.
        sim.attachRolePolicy(ACCOUNT, "RoleportAutomation", "arn:aws:iam::aws:policy/AdministratorAccess");
        AwsCredentialsProvider admin = SimClients.session(sim, SimClients.GLOBEX_AUTOMATION, SimClients.GLOBEX_EXTERNAL_ID);
        eks = SimClients.eks(sim, admin);
        try (Ec2Client ec2 = SimClients.ec2(sim, admin)) {
            Vpc vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc();
            subnets = List.of(
                    ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.0.0/20").availabilityZone("eu-west-1a")).subnet().subnetId(),
                    ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.16.0/20").availabilityZone("eu-west-1b")).subnet().subnetId());
        }
        viewerArn = sim.putRole(ACCOUNT, "Viewer", TRUST_ACCOUNT);
        sim.putRole(ACCOUNT, "Stranger", TRUST_ACCOUNT);
        try (StsClient sts = SimClients.sts(sim, admin)) {
            viewer = creds(sts.assumeRole(r -> r.roleArn(viewerArn).roleSessionName("ann")).credentials());
            stranger = creds(sts.assumeRole(r -> r.roleArn("arn:aws:iam::333333333333:role/Stranger")
                    .roleSessionName("bob")).credentials());
        }
        create("shop", AuthenticationMode.API);
        cluster = eks.describeCluster(r -> r.name("shop")).cluster();
        eks.createAccessEntry(r -> r.clusterName("shop").principalArn(viewerArn));
        eks.associateAccessPolicy(r -> r.clusterName("shop").principalArn(viewerArn).policyArn(VIEW)
                .accessScope(s -> s.type(AccessScopeType.CLUSTER)));
    }

    @AfterAll
    static void stop() {
        eks.close();
        sim.close();
    }

    private static AwsSessionCredentials creds(software.amazon.awssdk.services.sts.model.Credentials c) {
        return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }

    private static void create(String name, AuthenticationMode mode) {
        eks.createCluster(r -> r.name(name).roleArn(CLUSTER_ROLE).resourcesVpcConfig(v -> v.subnetIds(subnets))
                .accessConfig(a -> a.authenticationMode(mode).bootstrapClusterCreatorAdminPermissions(false)));
        try (EksWaiter waiter = EksWaiter.builder().client(eks).overrideConfiguration(FAST_WAITER).build()) {
            waiter.waitUntilClusterActive(r -> r.name(name));
        }
    }

    // ------------------------------------------------------------------------------------------------ access entries

    @Test
    void accessEntriesAreRecordedWithTheirPoliciesAndTheAuthenticationMode() {
        assertEquals(AuthenticationMode.API, cluster.accessConfig().authenticationMode());
        assertFalse(cluster.accessConfig().bootstrapClusterCreatorAdminPermissions());
        assertEquals(List.of(viewerArn), eks.listAccessEntries(r -> r.clusterName("shop")).accessEntries());
        var entry = eks.describeAccessEntry(r -> r.clusterName("shop").principalArn(viewerArn)).accessEntry();
        assertEquals("arn:aws:sts::333333333333:assumed-role/Viewer/{{SessionName}}", entry.username());
        assertEquals(List.of(VIEW), eks.listAssociatedAccessPolicies(r -> r.clusterName("shop").principalArn(viewerArn))
                .associatedAccessPolicies().stream().map(p -> p.policyArn()).toList());
    }

    @Test
    void eksRefusesWhatItRefuses() {
        assertThrows(ResourceInUseException.class, () -> eks.createAccessEntry(r -> r.clusterName("shop").principalArn(viewerArn)));
        InvalidParameterException noSuchRole = assertThrows(InvalidParameterException.class, () -> eks.createAccessEntry(
                r -> r.clusterName("shop").principalArn("arn:aws:iam::333333333333:role/Nobody")));
        assertTrue(noSuchRole.getMessage().contains("invalid principal"), noSuchRole.getMessage());
        assertThrows(ResourceNotFoundException.class, () -> eks.describeAccessEntry(
                r -> r.clusterName("shop").principalArn("arn:aws:iam::333333333333:role/Stranger")));
        assertThrows(ResourceNotFoundException.class, () -> eks.associateAccessPolicy(r -> r.clusterName("shop")
                .principalArn(viewerArn).policyArn("arn:aws:eks::aws:cluster-access-policy/AmazonEKSRootPolicy")
                .accessScope(s -> s.type(AccessScopeType.CLUSTER))));

        create("legacy", AuthenticationMode.CONFIG_MAP);
        InvalidRequestException configMap = assertThrows(InvalidRequestException.class,
                () -> eks.createAccessEntry(r -> r.clusterName("legacy").principalArn(viewerArn)));
        assertTrue(configMap.getMessage().contains("authentication mode"), configMap.getMessage());
    }

    @Test
    void callersNeedTheIamPermission() {
        try (EksClient asViewer = SimClients.eks(sim, () -> viewer)) {
            EksException denied = assertThrows(EksException.class, () -> asViewer.createAccessEntry(
                    r -> r.clusterName("shop").principalArn("arn:aws:iam::333333333333:role/Stranger")));
            assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
            assertEquals(403, denied.statusCode());
        }
    }

    // ------------------------------------------------------------------------------------------------ tokens

    /** A token as {@code aws eks get-token} makes it: a presigned GetCallerIdentity with the signed cluster id. */
    private static String token(AwsSessionCredentials c, String clusterName, String host, Instant signedAt, int expires) {
        String date = AMZ_DATE.format(signedAt);
        String scope = date.substring(0, 8) + "/eu-west-1/sts/aws4_request";
        String query = "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
                + SigV4.encode(c.accessKeyId() + "/" + scope) + "&X-Amz-Date=" + date + "&X-Amz-Expires=" + expires
                + "&X-Amz-Security-Token=" + SigV4.encode(c.sessionToken()) + "&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id";
        List<String> signed = List.of("host", "x-k8s-aws-id");
        String canonical = SigV4.canonicalRequest("GET", "/", query, Map.of("host", List.of(host), "x-k8s-aws-id",
                List.of(clusterName)), signed, SigV4.hex(SigV4.sha256(new byte[0])));
        SigV4.Authorization auth = new SigV4.Authorization(c.accessKeyId(), date.substring(0, 8), "eu-west-1", "sts", signed, "");
        String signature = SigV4.signature(c.secretAccessKey(), auth, SigV4.stringToSign(date, scope, canonical));
        String scheme = host.startsWith("127.0.0.1") ? "http" : "https";
        String url = scheme + "://" + host + "/?" + query + "&X-Amz-Signature=" + signature;
        return KubeApi.TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
    }

    private static String token(AwsSessionCredentials c) {
        return token(c, "shop", "sts.eu-west-1.amazonaws.com", Instant.now(), 60);
    }

    private static String refusal(String token) {
        KubeApi.Refused r = assertThrows(KubeApi.Refused.class, () -> sim.kube().authenticate(token, "shop"));
        assertEquals(401, r.status);
        return r.why;
    }

    @Test
    void aValidTokenNamesTheRoleOfTheSession() {
        KubeApi.Identity id = sim.kube().authenticate(token(viewer), "shop");
        assertEquals(viewerArn, id.principalArn());
        assertEquals("ann", id.sessionName());
        assertEquals(viewerArn, sim.kube().authenticate(token(viewer, "shop", "127.0.0.1:" + sim.port(), Instant.now(), 60),
                "shop").principalArn());
    }

    @Test
    void aBadSignatureIsUnauthorized() {
        String good = token(viewer);
        AwsSessionCredentials wrongSecret = AwsSessionCredentials.create(viewer.accessKeyId(), "x" + viewer.secretAccessKey(),
                viewer.sessionToken());
        assertTrue(refusal(token(wrongSecret)).contains("SignatureDoesNotMatch"));
        String url = new String(Base64.getUrlDecoder().decode(good.substring(KubeApi.TOKEN_PREFIX.length())), StandardCharsets.UTF_8);
        char last = url.charAt(url.length() - 1);
        String tampered = url.substring(0, url.length() - 1) + (last == '0' ? '1' : '0');
        assertTrue(refusal(KubeApi.TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(tampered.getBytes(StandardCharsets.UTF_8))).contains("SignatureDoesNotMatch"));
    }

    @Test
    void aTokenForAnotherClusterIsUnauthorized() {
        assertTrue(refusal(token(viewer, "other", "sts.eu-west-1.amazonaws.com", Instant.now(), 60))
                .contains("SignatureDoesNotMatch"));
    }

    @Test
    void anExpiredTokenIsUnauthorized() {
        assertTrue(refusal(token(viewer, "shop", "sts.eu-west-1.amazonaws.com", Instant.now().minusSeconds(16 * 60), 60))
                .contains("expired"));
        assertTrue(refusal(token(viewer, "shop", "sts.eu-west-1.amazonaws.com", Instant.now(), 3600))
                .contains("greater than the max"));
    }

    @Test
    void aTokenForAnotherHostIsUnauthorized() {
        assertTrue(refusal(token(viewer, "shop", "sts.evil.example.com", Instant.now(), 60)).contains("hostname"));
        assertTrue(refusal("Bearer-not-a-token").contains("prefix"));
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    private static HttpResponse<String> get(String token, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(sim.kube().clientContext()).version(HttpClient.Version.HTTP_1_1)
                .build();
        return client.send(HttpRequest.newBuilder(URI.create(cluster.endpoint() + path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anIdentityWithoutAnAccessEntryIsUnauthorized() throws Exception {
        HttpResponse<String> res = get(token(stranger), "/api/v1/nodes");
        assertEquals(401, res.statusCode());
        JsonNode status = new ObjectMapper().readTree(res.body());
        assertEquals("Status", status.path("kind").asText());
        assertEquals("Unauthorized", status.path("reason").asText());
    }

    @Test
    void theViewPolicyReadsPodsButMayNotListNodesNorCreateDeployments() throws Exception {
        assertEquals(200, get(token(viewer), "/api/v1/namespaces/default/pods").statusCode());
        HttpResponse<String> nodes = get(token(viewer), "/api/v1/nodes");
        assertEquals(403, nodes.statusCode());
        JsonNode status = new ObjectMapper().readTree(nodes.body());
        assertEquals("Forbidden", status.path("reason").asText());
        assertEquals("nodes is forbidden: User \"arn:aws:sts::333333333333:assumed-role/Viewer/ann\" cannot list resource "
                + "\"nodes\" in API group \"\" at the cluster scope", status.path("message").asText());

        assertFalse(KubeApi.allows("AmazonEKSViewPolicy", KubeApi.attributes("POST", "/apis/apps/v1/namespaces/default/deployments", null)));
        assertTrue(KubeApi.allows("AmazonEKSEditPolicy", KubeApi.attributes("POST", "/apis/apps/v1/namespaces/default/deployments", null)));
        assertFalse(KubeApi.allows("AmazonEKSEditPolicy", KubeApi.attributes("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings", null)));
        assertFalse(KubeApi.allows("AmazonEKSViewPolicy", KubeApi.attributes("GET", "/api/v1/namespaces/default/secrets", null)));
        assertTrue(KubeApi.allows("AmazonEKSClusterAdminPolicy", KubeApi.attributes("GET", "/api/v1/nodes", null)));
    }
}
