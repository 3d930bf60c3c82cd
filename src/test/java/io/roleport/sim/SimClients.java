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

    /**
     * Gives the private {@code subnets} of {@code vpcId} a way out as Roleport's network does, with every resource
     * tagged {@code tags} (so that a least-privilege automation role may create it): an attached internet gateway, a
     * public subnet routed to it, a NAT gateway with an Elastic IP there, and a route table sending the private
     * subnets' 0.0.0.0/0 to the NAT gateway once it is available.
     */
    static void routeThroughNat(Ec2Client ec2, String vpcId, List<String> subnets, Map<String, String> tags) {
        java.util.function.Function<software.amazon.awssdk.services.ec2.model.ResourceType,
                software.amazon.awssdk.services.ec2.model.TagSpecification> spec = type ->
                software.amazon.awssdk.services.ec2.model.TagSpecification.builder().resourceType(type)
                        .tags(tags.entrySet().stream().map(e -> software.amazon.awssdk.services.ec2.model.Tag.builder()
                                .key(e.getKey()).value(e.getValue()).build()).toList()).build();
        String igw = ec2.createInternetGateway(r -> r.tagSpecifications(spec.apply(
                software.amazon.awssdk.services.ec2.model.ResourceType.INTERNET_GATEWAY)))
                .internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId));
        String publicSubnet = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.255.0/24")
                .availabilityZone("eu-west-1a").tagSpecifications(spec.apply(
                        software.amazon.awssdk.services.ec2.model.ResourceType.SUBNET))).subnet().subnetId();
        String publicTable = ec2.createRouteTable(r -> r.vpcId(vpcId).tagSpecifications(spec.apply(
                software.amazon.awssdk.services.ec2.model.ResourceType.ROUTE_TABLE))).routeTable().routeTableId();
        ec2.createRoute(r -> r.routeTableId(publicTable).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        ec2.associateRouteTable(r -> r.routeTableId(publicTable).subnetId(publicSubnet));
        String eip = ec2.allocateAddress(r -> r.domain(software.amazon.awssdk.services.ec2.model.DomainType.VPC)
                .tagSpecifications(spec.apply(software.amazon.awssdk.services.ec2.model.ResourceType.ELASTIC_IP)))
                .allocationId();
        String nat = ec2.createNatGateway(r -> r.subnetId(publicSubnet).allocationId(eip).tagSpecifications(spec.apply(
                software.amazon.awssdk.services.ec2.model.ResourceType.NATGATEWAY))).natGateway().natGatewayId();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> ec2.describeNatGateways(r -> r.natGatewayIds(nat)).natGateways().get(0).stateAsString(),
                        "available"::equals);
        String privateTable = ec2.createRouteTable(r -> r.vpcId(vpcId).tagSpecifications(spec.apply(
                software.amazon.awssdk.services.ec2.model.ResourceType.ROUTE_TABLE))).routeTable().routeTableId();
        ec2.createRoute(r -> r.routeTableId(privateTable).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
        for (String subnet : subnets) {
            ec2.associateRouteTable(r -> r.routeTableId(privateTable).subnetId(subnet));
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
