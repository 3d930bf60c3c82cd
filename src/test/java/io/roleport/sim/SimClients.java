package io.roleport.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Test helpers: real AWS SDK v2 clients pointed at a {@link CloudSimulator}, and the seed's principals.
 */
final class SimClients {

    static final Path SEED = Path.of("config/simulator-seed.json");
    static final AwsCredentialsProvider ROLEPORT = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAROLEPORTLOCAL001", "roleport-local-secret-not-for-production"));
    static final AwsCredentialsProvider ACME_ADMIN = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAACMEADMINLOCAL01", "acme-admin-local-secret-not-for-production"));
    static final String GLOBEX_AUTOMATION = "arn:aws:iam::333333333333:role/RoleportAutomation";
    static final String GLOBEX_EXTERNAL_ID = "rp-9f1c2e7a4b3d5f60718293a4b5c6d7e8";
    static final String TAILSPIN_AUTOMATION = "arn:aws:iam::555555555555:role/RoleportAutomation";
    static final String TAILSPIN_EXTERNAL_ID = "rp-5a0e3b1c7d9f24681357924680acebdf";
    static final WaiterOverrideConfiguration FAST_WAITER = WaiterOverrideConfiguration.builder()
            .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(50)))
            .maxAttempts(200).waitTimeout(Duration.ofSeconds(10)).build();

    private SimClients() {
    }

    static StsClient sts(CloudSimulator sim, AwsCredentialsProvider creds) {
        return StsClient.builder().endpointOverride(sim.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static IamClient iam(CloudSimulator sim, AwsCredentialsProvider creds) {
        return IamClient.builder().endpointOverride(sim.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static Ec2Client ec2(CloudSimulator sim, AwsCredentialsProvider creds) {
        return Ec2Client.builder().endpointOverride(sim.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static EksClient eks(CloudSimulator sim, AwsCredentialsProvider creds) {
        return EksClient.builder().endpointOverride(sim.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /**
     * Makes {@code subnets} of {@code vpcId} public the way EKS nodes can use them: an attached internet gateway, a
     * route table sending 0.0.0.0/0 there, associated with each subnet, and public addresses on launch.
     */
    static void routeToInternet(Ec2Client ec2, String vpcId, List<String> subnets) {
        String igw = ec2.createInternetGateway(r -> { }).internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId));
        String rtb = ec2.createRouteTable(r -> r.vpcId(vpcId)).routeTable().routeTableId();
        ec2.createRoute(r -> r.routeTableId(rtb).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        for (String subnet : subnets) {
            ec2.associateRouteTable(r -> r.routeTableId(rtb).subnetId(subnet));
            ec2.modifySubnetAttribute(r -> r.subnetId(subnet).mapPublicIpOnLaunch(v -> v.value(true)));
        }
    }

    /** Roleport's installation user assumes a role and gets static session credentials. */
    static AwsCredentialsProvider session(CloudSimulator sim, String roleArn, String externalId) {
        return session(sim, roleArn, externalId, null, Map.of());
    }

    static AwsCredentialsProvider session(CloudSimulator sim, String roleArn, String externalId, String sourceIdentity,
            Map<String, String> tags) {
        try (StsClient sts = sts(sim, ROLEPORT)) {
            AssumeRoleRequest.Builder req = AssumeRoleRequest.builder().roleArn(roleArn).roleSessionName("roleport-test")
                    .externalId(externalId).sourceIdentity(sourceIdentity);
            if (!tags.isEmpty()) {
                req.tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList());
            }
            return provider(sts.assumeRole(req.build()).credentials());
        }
    }

    static AwsCredentialsProvider provider(Credentials c) {
        return StaticCredentialsProvider.create(
                AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
    }
}
