package io.roleport.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simulated Amazon EC2 networking (Query protocol, XML in the 2016-11-15 namespace, errors as
 * {@code Response/Errors/Error}): VPCs, subnets, tags and availability zones, held per (account, region) so
 * one account never sees another's resources. CIDRs are checked (VPC /16../28, subnets inside their VPC and
 * not overlapping), {@code DeleteVpc} is refused while subnets remain. Every call is authorized by the
 * {@link Authorizer} the way EC2 does it: {@code Describe*} on {@code *}; a create on the new resource's
 * {@code vpc/*} or {@code subnet/*} ARN with {@code aws:RequestTag/*} and {@code aws:TagKeys}, plus
 * {@code ec2:CreateTags} with {@code ec2:CreateAction} when it tags on create; {@code CreateSubnet} also on its
 * VPC (with that VPC's {@code aws:ResourceTag/*}); changes and deletes on the resource with its tags.
 */
final class Ec2Api {

    static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /** A VPC. Mutable tags; guarded by the simulator's EC2 lock. */
    static final class Vpc {
        final String id;
        final String cidr;
        final Map<String, String> tags = new LinkedHashMap<>();

        Vpc(String id, String cidr) {
            this.id = id;
            this.cidr = cidr;
        }
    }

    /** A subnet. */
    static final class Subnet {
        final String id;
        final String vpcId;
        final String cidr;
        final String az;
        final Map<String, String> tags = new LinkedHashMap<>();
        boolean mapPublicIpOnLaunch;

        Subnet(String id, String vpcId, String cidr, String az) {
            this.id = id;
            this.vpcId = vpcId;
            this.cidr = cidr;
            this.az = az;
        }
    }

    /** The EC2 resources of one (account, region). */
    static final class Scope {
        final Map<String, Vpc> vpcs = new LinkedHashMap<>();
        final Map<String, Subnet> subnets = new LinkedHashMap<>();
        final Map<String, Ec2Gateways.InternetGateway> igws = new LinkedHashMap<>();
        final Map<String, Ec2Gateways.Address> addresses = new LinkedHashMap<>();
        final Map<String, Ec2Gateways.NatGateway> nats = new LinkedHashMap<>();
        final Map<String, Ec2Gateways.RouteTable> routeTables = new LinkedHashMap<>();
    }

    private final Map<String, Scope> scopes = new HashMap<>();
    private final Authorizer authz;
    private final Ec2Gateways gateways;

    Ec2Api(Authorizer authz) {
        this(authz, java.time.Clock.systemUTC(), () -> java.time.Duration.ZERO);
    }

    /** With the simulator's clock and transition delay (NAT gateways: pending to available, deleting to deleted). */
    Ec2Api(Authorizer authz, java.time.Clock clock, java.util.function.Supplier<java.time.Duration> delay) {
        this.authz = authz;
        this.gateways = new Ec2Gateways(authz, clock, delay);
    }

    /** The context of a request that sets tags: {@code aws:RequestTag/K} per tag and {@code aws:TagKeys}. */
    static PolicyEvaluator.Context requestTags(Map<String, String> tags) {
        return new PolicyEvaluator.Context().tags("aws:RequestTag/", tags).putAll("aws:TagKeys", List.copyOf(tags.keySet()));
    }

    static PolicyEvaluator.Context resourceTags(Map<String, String> tags) {
        return new PolicyEvaluator.Context().tags("aws:ResourceTag/", tags).tags("ec2:ResourceTag/", tags);
    }

    /** Tag on create: {@code ec2:CreateTags} on the new resource, with {@code ec2:CreateAction}. */
    void requireTagOnCreate(Caller caller, String region, String action, String resourceArn, Map<String, String> tags) {
        if (!tags.isEmpty()) {
            authz.require(caller, "ec2", region, "ec2:CreateTags", resourceArn,
                    requestTags(tags).put("ec2:CreateAction", action));
        }
    }

    static String arn(String region, String account, String type, String id) {
        return "arn:aws:ec2:" + region + ":" + account + ":" + type + "/" + id;
    }

    synchronized Scope scope(String account, String region) {
        return scopes.computeIfAbsent(account + "/" + region, k -> new Scope());
    }

    /** For EKS: the subnets of an account/region with the given ids ({@code null} entries for unknown ids). */
    synchronized List<Subnet> subnets(String account, String region, List<String> ids) {
        Scope s = scope(account, region);
        List<Subnet> out = new ArrayList<>();
        for (String id : ids) {
            out.add(s.subnets.get(id));
        }
        return out;
    }

    synchronized SimResponse handle(String action, Request req, Caller caller) {
        Scope s = scope(caller.accountId(), req.region());
        gateways.advance(s);
        String account = caller.accountId();
        String region = req.region();
        Xml x = new Xml().openNs(action + "Response", NS).el("requestId", UUID.randomUUID().toString());
        if (action.startsWith("Describe")) {
            authz.require(caller, "ec2", region, "ec2:" + action, "*");
        }
        switch (action) {
            case "CreateVpc" -> {
                String cidr = req.required("CidrBlock");
                int[] c = cidr(cidr, "CidrBlock");
                if (c[1] < 16 || c[1] > 28) {
                    throw new AwsError(400, "InvalidVpc.Range", "The CIDR '" + cidr + "' is invalid.");
                }
                Map<String, String> requested = tagSpecifications(req, "vpc");
                authz.require(caller, "ec2", region, "ec2:CreateVpc", arn(region, account, "vpc", "*"), requestTags(requested));
                requireTagOnCreate(caller, region, action, arn(region, account, "vpc", "*"), requested);
                Vpc vpc = new Vpc("vpc-" + hexId(), cidr);
                vpc.tags.putAll(requested);
                s.vpcs.put(vpc.id, vpc);
                gateways.mainRouteTable(s, vpc);
                vpc(x.open("vpc"), vpc, account).close("vpc");
            }
            case "DescribeVpcs" -> {
                List<String> ids = list(req, "VpcId");
                for (String id : ids) {
                    if (!s.vpcs.containsKey(id)) {
                        throw new AwsError(400, "InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
                    }
                }
                List<Filter> filters = filters(req, List.of("vpc-id", "cidr", "cidr-block", "state", "owner-id", "is-default", "tag-key"));
                x.open("vpcSet");
                for (Vpc vpc : s.vpcs.values()) {
                    if ((ids.isEmpty() || ids.contains(vpc.id)) && filters.stream().allMatch(f -> f.matches(vpcAttribute(vpc, account, f.name), vpc.tags))) {
                        vpc(x.open("item"), vpc, account).close("item");
                    }
                }
                x.close("vpcSet");
            }
            case "CreateSubnet" -> {
                String vpcId = req.required("VpcId");
                String cidr = req.required("CidrBlock");
                Vpc vpc = s.vpcs.get(vpcId);
                if (vpc == null) {
                    throw new AwsError(400, "InvalidVpcID.NotFound", "The vpc ID '" + vpcId + "' does not exist");
                }
                Map<String, String> requested = tagSpecifications(req, "subnet");
                // The VPC is authorized with its own tags only: request tags describe the subnet being created.
                authz.require(caller, "ec2", region, "ec2:CreateSubnet", arn(region, account, "vpc", vpcId),
                        resourceTags(vpc.tags));
                authz.require(caller, "ec2", region, "ec2:CreateSubnet", arn(region, account, "subnet", "*"), requestTags(requested));
                requireTagOnCreate(caller, region, action, arn(region, account, "subnet", "*"), requested);
                int[] c = cidr(cidr, "CidrBlock");
                int[] v = cidr(vpc.cidr, "CidrBlock");
                if (c[1] < v[1] || c[1] > 28 || !contains(v, c)) {
                    throw new AwsError(400, "InvalidSubnet.Range", "The CIDR '" + cidr + "' is invalid.");
                }
                for (Subnet other : s.subnets.values()) {
                    if (other.vpcId.equals(vpcId) && overlaps(cidr(other.cidr, "CidrBlock"), c)) {
                        throw new AwsError(400, "InvalidSubnet.Conflict", "The CIDR '" + cidr + "' conflicts with another subnet");
                    }
                }
                String az = req.param("AvailabilityZone") == null ? region + "a" : req.param("AvailabilityZone");
                if (!zones(region).contains(az)) {
                    throw new AwsError(400, "InvalidParameterValue", "Value (" + az + ") for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: " + String.join(", ", zones(region)) + ".");
                }
                Subnet subnet = new Subnet("subnet-" + hexId(), vpcId, cidr, az);
                subnet.tags.putAll(requested);
                s.subnets.put(subnet.id, subnet);
                subnet(x.open("subnet"), subnet, account, region).close("subnet");
            }
            case "DescribeSubnets" -> {
                List<String> ids = list(req, "SubnetId");
                for (String id : ids) {
                    if (!s.subnets.containsKey(id)) {
                        throw new AwsError(400, "InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
                    }
                }
                List<Filter> filters = filters(req, List.of("vpc-id", "subnet-id", "cidr", "cidr-block", "cidrBlock",
                        "availability-zone", "availabilityZone", "state", "owner-id", "tag-key"));
                x.open("subnetSet");
                for (Subnet sn : s.subnets.values()) {
                    if ((ids.isEmpty() || ids.contains(sn.id)) && filters.stream().allMatch(f -> f.matches(subnetAttribute(sn, account, f.name), sn.tags))) {
                        subnet(x.open("item"), sn, account, region).close("item");
                    }
                }
                x.close("subnetSet");
            }
            case "CreateTags" -> {
                List<String> ids = list(req, "ResourceId");
                if (ids.isEmpty()) {
                    throw new AwsError(400, "MissingParameter", "The request must contain the parameter resourceIdSet");
                }
                Map<String, String> tags = tags(req, "Tag");
                for (String id : ids) {
                    if (tagged(s, id) == null) {
                        throw Ec2Gateways.notFound(id);
                    }
                }
                for (String id : ids) {
                    Tagged target = tagged(s, id);
                    authz.require(caller, "ec2", region, "ec2:CreateTags", arn(region, account, target.type(), id),
                            resourceTags(target.tags()).with(requestTags(tags)));
                }
                for (String id : ids) {
                    tagged(s, id).tags().putAll(tags);
                }
                x.el("return", "true");
            }
            case "DeleteSubnet" -> {
                String id = req.required("SubnetId");
                Subnet subnet = s.subnets.get(id);
                if (subnet == null) {
                    throw new AwsError(400, "InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
                }
                authz.require(caller, "ec2", region, "ec2:DeleteSubnet", arn(region, account, "subnet", id), resourceTags(subnet.tags));
                if (gateways.subnetInUse(s, id)) {
                    throw new AwsError(400, "DependencyViolation", "The subnet '" + id + "' has dependencies and cannot be deleted.");
                }
                gateways.forgetSubnet(s, id);
                s.subnets.remove(id);
                x.el("return", "true");
            }
            case "DeleteVpc" -> {
                String id = req.required("VpcId");
                if (!s.vpcs.containsKey(id)) {
                    throw new AwsError(400, "InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
                }
                authz.require(caller, "ec2", region, "ec2:DeleteVpc", arn(region, account, "vpc", id), resourceTags(s.vpcs.get(id).tags));
                if (s.subnets.values().stream().anyMatch(sn -> sn.vpcId.equals(id)) || gateways.vpcInUse(s, id)) {
                    throw new AwsError(400, "DependencyViolation", "The vpc '" + id + "' has dependencies and cannot be deleted.");
                }
                gateways.forgetVpc(s, id);
                s.vpcs.remove(id);
                x.el("return", "true");
            }
            case "DescribeAvailabilityZones" -> {
                x.open("availabilityZoneInfo");
                int i = 1;
                for (String z : zones(region)) {
                    x.open("item").el("zoneState", "available").el("regionName", region).el("zoneName", z)
                            .el("zoneId", regionShort(region) + "-az" + i++).el("groupName", region)
                            .el("networkBorderGroup", region).el("zoneType", "availability-zone")
                            .el("optInStatus", "opt-in-not-required").open("messageSet").close("messageSet").close("item");
                }
                x.close("availabilityZoneInfo");
            }
            default -> {
                if (!gateways.handle(action, req, caller, s, x)) {
                    throw new AwsError(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
                }
            }
        }
        return SimResponse.xml(200, x.close(action + "Response").toString());
    }

    /** A taggable resource: its ARN type and its (mutable) tags. */
    record Tagged(String type, Map<String, String> tags) {}

    static Tagged tagged(Scope s, String id) {
        if (s.vpcs.containsKey(id)) {
            return new Tagged("vpc", s.vpcs.get(id).tags);
        }
        if (s.subnets.containsKey(id)) {
            return new Tagged("subnet", s.subnets.get(id).tags);
        }
        if (s.igws.containsKey(id)) {
            return new Tagged("internet-gateway", s.igws.get(id).tags);
        }
        if (s.addresses.containsKey(id)) {
            return new Tagged("elastic-ip", s.addresses.get(id).tags);
        }
        if (s.nats.containsKey(id)) {
            return new Tagged("natgateway", s.nats.get(id).tags);
        }
        if (s.routeTables.containsKey(id)) {
            return new Tagged("route-table", s.routeTables.get(id).tags);
        }
        return null;
    }

    /**
     * For EKS: whether instances launched in the subnet could reach the cluster's endpoint and the registries: its
     * route table (explicit or the VPC's main one) sends 0.0.0.0/0 to an attached internet gateway and the subnet gives
     * instances public addresses, or to an available NAT gateway in a subnet that itself routes to the internet
     * gateway.
     */
    synchronized boolean reachesInternet(String account, String region, String subnetId) {
        Scope s = scope(account, region);
        gateways.advance(s);
        return gateways.reachesInternet(s, subnetId);
    }

    static List<String> zones(String region) {
        return List.of(region + "a", region + "b", region + "c");
    }

    private static String regionShort(String region) {
        String[] p = region.split("-");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.length - 1; i++) {
            sb.append(i == 1 ? p[i].charAt(0) : p[i]);
        }
        return sb.append(p[p.length - 1]).toString();
    }

    private static String vpcAttribute(Vpc vpc, String account, String filter) {
        return switch (filter) {
            case "vpc-id" -> vpc.id;
            case "cidr", "cidr-block" -> vpc.cidr;
            case "state" -> "available";
            case "owner-id" -> account;
            case "is-default" -> "false";
            default -> null;
        };
    }

    private static String subnetAttribute(Subnet sn, String account, String filter) {
        return switch (filter) {
            case "vpc-id" -> sn.vpcId;
            case "subnet-id" -> sn.id;
            case "cidr", "cidr-block", "cidrBlock" -> sn.cidr;
            case "availability-zone", "availabilityZone" -> sn.az;
            case "state" -> "available";
            case "owner-id" -> account;
            default -> null;
        };
    }

    private static Xml vpc(Xml x, Vpc vpc, String account) {
        x.el("vpcId", vpc.id).el("ownerId", account).el("state", "available").el("cidrBlock", vpc.cidr)
                .open("cidrBlockAssociationSet").open("item").el("cidrBlock", vpc.cidr)
                .el("associationId", "vpc-cidr-assoc-" + vpc.id.substring(4))
                .open("cidrBlockState").el("state", "associated").close("cidrBlockState").close("item")
                .close("cidrBlockAssociationSet")
                .el("dhcpOptionsId", "dopt-" + vpc.id.substring(4)).el("instanceTenancy", "default").el("isDefault", "false");
        return tagSet(x, vpc.tags);
    }

    private static Xml subnet(Xml x, Subnet sn, String account, String region) {
        int[] c = cidr(sn.cidr, "CidrBlock");
        long ips = (1L << (32 - c[1])) - 5;
        int zoneIndex = zones(region).indexOf(sn.az) + 1;
        x.el("subnetId", sn.id).el("subnetArn", "arn:aws:ec2:" + region + ":" + account + ":subnet/" + sn.id)
                .el("state", "available").el("ownerId", account).el("vpcId", sn.vpcId).el("cidrBlock", sn.cidr)
                .el("availableIpAddressCount", ips).el("availabilityZone", sn.az)
                .el("availabilityZoneId", regionShort(region) + "-az" + zoneIndex)
                .el("defaultForAz", "false").el("mapPublicIpOnLaunch", String.valueOf(sn.mapPublicIpOnLaunch)).el("assignIpv6AddressOnCreation", "false");
        return tagSet(x, sn.tags);
    }

    static Xml tagSet(Xml x, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return x;
        }
        x.open("tagSet");
        tags.forEach((k, v) -> x.open("item").el("key", k).el("value", v).close("item"));
        return x.close("tagSet");
    }

    /** {@code Name.1, Name.2, ...} */
    static List<String> list(Request req, String name) {
        List<String> out = new ArrayList<>();
        for (int i = 1; req.param(name + "." + i) != null; i++) {
            out.add(req.param(name + "." + i));
        }
        return out;
    }

    static Map<String, String> tags(Request req, String prefix) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; req.param(prefix + "." + i + ".Key") != null; i++) {
            String k = req.param(prefix + "." + i + ".Key");
            if (k.isEmpty() || k.length() > 128 || k.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw new AwsError(400, "InvalidParameterValue", "Tag key '" + k + "' is invalid");
            }
            String v = req.param(prefix + "." + i + ".Value");
            tags.put(k, v == null ? "" : v);
        }
        return tags;
    }

    static Map<String, String> tagSpecifications(Request req, String resourceType) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; req.param("TagSpecification." + i + ".ResourceType") != null; i++) {
            String type = req.param("TagSpecification." + i + ".ResourceType");
            if (!type.equals(resourceType)) {
                throw new AwsError(400, "InvalidParameterValue", "'" + type + "' is not a valid taggable resource type for this operation.");
            }
            tags.putAll(tags(req, "TagSpecification." + i + ".Tag"));
        }
        return tags;
    }

    /** One {@code Filter.N} with its values; {@code tag:KEY} and {@code tag-key} are matched against tags. */
    record Filter(String name, List<String> values) {
        boolean matches(String attribute, Map<String, String> tags) {
            if (name.startsWith("tag:")) {
                String v = tags.get(name.substring(4));
                return v != null && values.stream().anyMatch(p -> TrustPolicy.glob(p, v, false));
            }
            if (name.equals("tag-key")) {
                return tags.keySet().stream().anyMatch(k -> values.stream().anyMatch(p -> TrustPolicy.glob(p, k, false)));
            }
            return attribute != null && values.stream().anyMatch(p -> TrustPolicy.glob(p, attribute, false));
        }
    }

    static List<Filter> filters(Request req, List<String> known) {
        List<Filter> out = new ArrayList<>();
        for (int i = 1; req.param("Filter." + i + ".Name") != null; i++) {
            String name = req.param("Filter." + i + ".Name");
            if (!name.startsWith("tag:") && !known.contains(name)) {
                throw new AwsError(400, "InvalidParameterValue", "The filter '" + name + "' is invalid");
            }
            out.add(new Filter(name, list(req, "Filter." + i + ".Value")));
        }
        return out;
    }

    /** Parses {@code a.b.c.d/n} into {@code [networkAddress, prefix]}; the host bits must be zero. */
    static int[] cidr(String cidr, String param) {
        Matcher m = CIDR.matcher(cidr);
        if (!m.matches()) {
            throw new AwsError(400, "InvalidParameterValue", "Value (" + cidr + ") for parameter " + param + " is invalid. This is not a valid CIDR block.");
        }
        int addr = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new AwsError(400, "InvalidParameterValue", "Value (" + cidr + ") for parameter " + param + " is invalid. This is not a valid CIDR block.");
            }
            addr = (addr << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32 || (prefix < 32 && (addr & (int) ((1L << (32 - prefix)) - 1)) != 0)) {
            throw new AwsError(400, "InvalidParameterValue", "Value (" + cidr + ") for parameter " + param + " is invalid. This is not a valid CIDR block.");
        }
        return new int[] {addr, prefix};
    }

    private static boolean contains(int[] outer, int[] inner) {
        int mask = outer[1] == 0 ? 0 : (int) (0xFFFFFFFFL << (32 - outer[1]));
        return inner[1] >= outer[1] && (inner[0] & mask) == (outer[0] & mask);
    }

    private static boolean overlaps(int[] a, int[] b) {
        return contains(a, b) || contains(b, a);
    }

    static String hexId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 17);
    }
}
