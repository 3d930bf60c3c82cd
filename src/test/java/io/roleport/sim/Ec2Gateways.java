package io.roleport.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The part of simulated EC2 that lets a VPC reach the internet: internet gateways, Elastic IP addresses, NAT gateways
 * and route tables, with EC2's rules for the calls Roleport makes. A VPC gets its main route table when it is
 * created. An internet gateway is attached to one VPC at a time ({@code Resource.AlreadyAssociated}) and cannot be
 * deleted while attached, nor detached while the VPC has mapped public addresses (a NAT gateway with an Elastic IP):
 * {@code DependencyViolation}. A NAT gateway goes {@code pending -> available} after the transition delay, or
 * {@code failed} ({@code Gateway.NotAttached}) when its VPC had no attached internet gateway, and {@code deleting ->
 * deleted} (deleted ones stay visible, as in EC2); its Elastic IP cannot be released until then
 * ({@code InvalidIPAddress.InUse}), nor used by a second NAT gateway. A route table takes one route per destination
 * ({@code RouteAlreadyExists}) to a gateway of its own VPC, a subnet is explicitly associated with one table at a time
 * ({@code Resource.AlreadyAssociated}), and a table with associations cannot be deleted; subnets with a NAT gateway
 * and VPCs with an attached gateway or their own route tables neither ({@code DependencyViolation}).
 *
 * <p>Every call is authorized like EC2 does: {@code Describe*} on {@code *}; a create on the new resource's ARN with
 * {@code aws:RequestTag/*} and {@code aws:TagKeys} (plus {@code ec2:CreateTags} with {@code ec2:CreateAction} when it
 * tags on create), and on each existing resource it names with that resource's tags; changes and deletes on every
 * resource they touch, with its tags. Guarded by the {@link Ec2Api}'s lock.
 */
final class Ec2Gateways {

    static final class InternetGateway {
        final String id;
        final Map<String, String> tags = new LinkedHashMap<>();
        String vpcId;

        InternetGateway(String id) {
            this.id = id;
        }
    }

    static final class Address {
        final String allocationId;
        final String publicIp;
        final Map<String, String> tags = new LinkedHashMap<>();
        String natGatewayId;

        Address(String allocationId, String publicIp) {
            this.allocationId = allocationId;
            this.publicIp = publicIp;
        }
    }

    static final class NatGateway {
        final String id;
        final String subnetId;
        final String vpcId;
        final String allocationId;
        final String clientToken;
        final Instant createdAt;
        final Map<String, String> tags = new LinkedHashMap<>();
        String state = "pending";
        Instant transitionAt;
        Instant deletedAt;
        String failureCode;
        String failureMessage;

        NatGateway(String id, String subnetId, String vpcId, String allocationId, String clientToken, Instant createdAt) {
            this.id = id;
            this.subnetId = subnetId;
            this.vpcId = vpcId;
            this.allocationId = allocationId;
            this.clientToken = clientToken;
            this.createdAt = createdAt;
        }

        boolean live() {
            return state.equals("pending") || state.equals("available") || state.equals("deleting");
        }
    }

    /** A route: destination to an internet gateway ({@code igw-}), a NAT gateway ({@code nat-}) or {@code local}. */
    record Route(String destination, String target, String origin) {}

    /** An association of a route table with a subnet, or the VPC's main association ({@code subnetId == null}). */
    record Association(String id, String subnetId) {}

    static final class RouteTable {
        final String id;
        final String vpcId;
        final boolean main;
        final Map<String, String> tags = new LinkedHashMap<>();
        final List<Route> routes = new ArrayList<>();
        final List<Association> associations = new ArrayList<>();

        RouteTable(String id, String vpcId, boolean main) {
            this.id = id;
            this.vpcId = vpcId;
            this.main = main;
        }
    }

    private final Authorizer authz;
    private final Clock clock;
    private final Supplier<Duration> delay;
    private int nextIp = 10;

    Ec2Gateways(Authorizer authz, Clock clock, Supplier<Duration> delay) {
        this.authz = authz;
        this.clock = clock;
        this.delay = delay;
    }

    /** The main route table every new VPC gets, with its local route. */
    void mainRouteTable(Ec2Api.Scope s, Ec2Api.Vpc vpc) {
        RouteTable main = new RouteTable("rtb-" + Ec2Api.hexId(), vpc.id, true);
        main.routes.add(new Route(vpc.cidr, "local", "CreateRouteTable"));
        main.associations.add(new Association("rtbassoc-" + Ec2Api.hexId(), null));
        s.routeTables.put(main.id, main);
    }

    /** Moves NAT gateways whose transition is due: pending to available (or failed), deleting to deleted. */
    void advance(Ec2Api.Scope s) {
        Instant now = clock.instant();
        for (NatGateway nat : s.nats.values()) {
            if (nat.transitionAt == null || now.isBefore(nat.transitionAt)) {
                continue;
            }
            if (nat.state.equals("pending")) {
                nat.state = nat.failureCode == null ? "available" : "failed";
                if (nat.failureCode != null) {
                    release(s, nat);
                }
            } else if (nat.state.equals("deleting")) {
                nat.state = "deleted";
                nat.deletedAt = nat.transitionAt;
                release(s, nat);
            }
            nat.transitionAt = null;
        }
    }

    private static void release(Ec2Api.Scope s, NatGateway nat) {
        Address a = s.addresses.get(nat.allocationId);
        if (a != null && nat.id.equals(a.natGatewayId)) {
            a.natGatewayId = null;
        }
    }

    boolean subnetInUse(Ec2Api.Scope s, String subnetId) {
        return s.nats.values().stream().anyMatch(n -> n.subnetId.equals(subnetId) && n.live());
    }

    /** A deleted subnet loses its route table association. */
    void forgetSubnet(Ec2Api.Scope s, String subnetId) {
        s.routeTables.values().forEach(rt -> rt.associations.removeIf(a -> subnetId.equals(a.subnetId())));
    }

    boolean vpcInUse(Ec2Api.Scope s, String vpcId) {
        return s.igws.values().stream().anyMatch(g -> vpcId.equals(g.vpcId))
                || s.routeTables.values().stream().anyMatch(rt -> rt.vpcId.equals(vpcId) && !rt.main)
                || s.nats.values().stream().anyMatch(n -> n.vpcId.equals(vpcId) && n.live());
    }

    /** A deleted VPC takes its main route table with it. */
    void forgetVpc(Ec2Api.Scope s, String vpcId) {
        s.routeTables.values().removeIf(rt -> rt.vpcId.equals(vpcId) && rt.main);
    }

    /** The route table that applies to a subnet: its explicit association, else its VPC's main table. */
    static RouteTable routeTableOf(Ec2Api.Scope s, Ec2Api.Subnet subnet) {
        RouteTable main = null;
        for (RouteTable rt : s.routeTables.values()) {
            if (rt.associations.stream().anyMatch(a -> subnet.id.equals(a.subnetId()))) {
                return rt;
            }
            if (rt.main && rt.vpcId.equals(subnet.vpcId)) {
                main = rt;
            }
        }
        return main;
    }

    /** See {@link Ec2Api#reachesInternet}. */
    boolean reachesInternet(Ec2Api.Scope s, String subnetId) {
        Ec2Api.Subnet subnet = s.subnets.get(subnetId);
        if (subnet == null) {
            return false;
        }
        String target = defaultRoute(s, subnet);
        if (target == null) {
            return false;
        }
        if (target.startsWith("igw-")) {
            return subnet.mapPublicIpOnLaunch;
        }
        NatGateway nat = s.nats.get(target);
        if (nat == null || !nat.state.equals("available")) {
            return false;
        }
        String natRoute = defaultRoute(s, s.subnets.get(nat.subnetId));
        return natRoute != null && natRoute.startsWith("igw-");
    }

    /** Where 0.0.0.0/0 goes from a subnet, if to a gateway that can carry it (attached, or a live NAT gateway). */
    private static String defaultRoute(Ec2Api.Scope s, Ec2Api.Subnet subnet) {
        if (subnet == null) {
            return null;
        }
        RouteTable rt = routeTableOf(s, subnet);
        if (rt == null) {
            return null;
        }
        for (Route r : rt.routes) {
            if (r.destination().equals("0.0.0.0/0") && active(s, rt, r)) {
                return r.target();
            }
        }
        return null;
    }

    private static boolean active(Ec2Api.Scope s, RouteTable rt, Route r) {
        if (r.target().startsWith("igw-")) {
            InternetGateway g = s.igws.get(r.target());
            return g != null && rt.vpcId.equals(g.vpcId);
        }
        if (r.target().startsWith("nat-")) {
            NatGateway n = s.nats.get(r.target());
            return n != null && (n.state.equals("available") || n.state.equals("pending"));
        }
        return true;
    }

    static AwsError notFound(String id) {
        String code = id.startsWith("vpc-") ? "InvalidVpcID.NotFound"
                : id.startsWith("subnet-") ? "InvalidSubnetID.NotFound"
                : id.startsWith("igw-") ? "InvalidInternetGatewayID.NotFound"
                : id.startsWith("eipalloc-") ? "InvalidAllocationID.NotFound"
                : id.startsWith("nat-") ? "NatGatewayNotFound"
                : id.startsWith("rtb-") ? "InvalidRouteTableID.NotFound"
                : "InvalidID";
        String kind = id.startsWith("igw-") ? "internetGateway" : id.startsWith("eipalloc-") ? "allocation"
                : id.startsWith("nat-") ? "NAT gateway" : id.startsWith("rtb-") ? "routeTable" : "resource";
        String message = id.startsWith("nat-") ? "NAT gateway " + id + " was not found"
                : id.startsWith("eipalloc-") ? "The allocation ID '" + id + "' does not exist"
                : "The " + kind + " ID '" + id + "' does not exist";
        return new AwsError(400, code, message);
    }

    private static String arn(String region, String account, String type, String id) {
        return "arn:aws:ec2:" + region + ":" + account + ":" + type + "/" + id;
    }

    /** A create: the new resource's ARN with the request's tags, and tag-on-create. */
    private void requireCreate(Caller caller, String region, String action, String type, Map<String, String> tags) {
        String arn = arn(region, caller.accountId(), type, "*");
        authz.require(caller, "ec2", region, "ec2:" + action, arn, Ec2Api.requestTags(tags));
        if (!tags.isEmpty()) {
            authz.require(caller, "ec2", region, "ec2:CreateTags", arn,
                    Ec2Api.requestTags(tags).put("ec2:CreateAction", action));
        }
    }

    /** An existing resource a call acts on or names, with its own tags. */
    private void requireOn(Caller caller, String region, String action, String type, String id, Map<String, String> tags) {
        authz.require(caller, "ec2", region, "ec2:" + action, arn(region, caller.accountId(), type, id),
                Ec2Api.resourceTags(tags));
    }

    private static <T> T found(Map<String, T> map, String id) {
        T t = map.get(id);
        if (t == null) {
            throw notFound(id);
        }
        return t;
    }

    /** Serves one of this class's actions into {@code x}; {@code false} when the action is not one of them. */
    boolean handle(String action, Request req, Caller caller, Ec2Api.Scope s, Xml x) {
        String region = req.region();
        String account = caller.accountId();
        switch (action) {
            case "CreateInternetGateway" -> {
                Map<String, String> tags = Ec2Api.tagSpecifications(req, "internet-gateway");
                requireCreate(caller, region, action, "internet-gateway", tags);
                InternetGateway g = new InternetGateway("igw-" + Ec2Api.hexId());
                g.tags.putAll(tags);
                s.igws.put(g.id, g);
                igw(x.open("internetGateway"), g, account).close("internetGateway");
            }
            case "AttachInternetGateway" -> {
                InternetGateway g = found(s.igws, req.required("InternetGatewayId"));
                Ec2Api.Vpc vpc = found(s.vpcs, req.required("VpcId"));
                requireOn(caller, region, action, "internet-gateway", g.id, g.tags);
                requireOn(caller, region, action, "vpc", vpc.id, vpc.tags);
                if (g.vpcId != null) {
                    throw new AwsError(400, "Resource.AlreadyAssociated",
                            "resource " + g.id + " is already attached to network " + g.vpcId);
                }
                if (s.igws.values().stream().anyMatch(o -> vpc.id.equals(o.vpcId))) {
                    throw new AwsError(400, "Resource.AlreadyAssociated",
                            "Network " + vpc.id + " already has an internet gateway attached");
                }
                g.vpcId = vpc.id;
                x.el("return", "true");
            }
            case "DetachInternetGateway" -> {
                InternetGateway g = found(s.igws, req.required("InternetGatewayId"));
                Ec2Api.Vpc vpc = found(s.vpcs, req.required("VpcId"));
                requireOn(caller, region, action, "internet-gateway", g.id, g.tags);
                requireOn(caller, region, action, "vpc", vpc.id, vpc.tags);
                if (!vpc.id.equals(g.vpcId)) {
                    throw new AwsError(400, "Gateway.NotAttached",
                            "resource " + g.id + " is not attached to network " + vpc.id);
                }
                boolean mapped = s.nats.values().stream().anyMatch(n -> n.vpcId.equals(vpc.id)
                        && (n.state.equals("pending") || n.state.equals("available") || n.state.equals("deleting")));
                if (mapped) {
                    throw new AwsError(400, "DependencyViolation", "Network " + vpc.id
                            + " has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.");
                }
                g.vpcId = null;
                x.el("return", "true");
            }
            case "DeleteInternetGateway" -> {
                InternetGateway g = found(s.igws, req.required("InternetGatewayId"));
                requireOn(caller, region, action, "internet-gateway", g.id, g.tags);
                if (g.vpcId != null) {
                    throw new AwsError(400, "DependencyViolation",
                            "The internetGateway '" + g.id + "' has dependencies and cannot be deleted.");
                }
                s.igws.remove(g.id);
                x.el("return", "true");
            }
            case "DescribeInternetGateways" -> {
                List<Ec2Api.Filter> filters = Ec2Api.filters(req, List.of("internet-gateway-id", "attachment.vpc-id",
                        "attachment.state", "owner-id", "tag-key"));
                List<String> ids = Ec2Api.list(req, "InternetGatewayId");
                ids.forEach(id -> found(s.igws, id));
                x.open("internetGatewaySet");
                for (InternetGateway g : s.igws.values()) {
                    if ((ids.isEmpty() || ids.contains(g.id)) && filters.stream().allMatch(f -> f.matches(switch (f.name()) {
                        case "internet-gateway-id" -> g.id;
                        case "attachment.vpc-id" -> g.vpcId;
                        case "attachment.state" -> g.vpcId == null ? null : "available";
                        case "owner-id" -> account;
                        default -> null;
                    }, g.tags))) {
                        igw(x.open("item"), g, account).close("item");
                    }
                }
                x.close("internetGatewaySet");
            }
            case "AllocateAddress" -> {
                String domain = req.param("Domain");
                if (domain != null && !domain.equals("vpc") && !domain.equals("standard")) {
                    throw new AwsError(400, "InvalidParameterValue", "Invalid value '" + domain + "' for domain.");
                }
                Map<String, String> tags = Ec2Api.tagSpecifications(req, "elastic-ip");
                requireCreate(caller, region, action, "elastic-ip", tags);
                Address a = new Address("eipalloc-" + Ec2Api.hexId(), "198.51.100." + (nextIp++ % 250 + 1));
                a.tags.putAll(tags);
                s.addresses.put(a.allocationId, a);
                x.el("publicIp", a.publicIp).el("domain", "vpc").el("allocationId", a.allocationId)
                        .el("networkBorderGroup", region).el("publicIpv4Pool", "amazon");
            }
            case "ReleaseAddress" -> {
                Address a = found(s.addresses, req.required("AllocationId"));
                requireOn(caller, region, action, "elastic-ip", a.allocationId, a.tags);
                if (a.natGatewayId != null) {
                    throw new AwsError(400, "InvalidIPAddress.InUse", "Address " + a.publicIp + " is in use.");
                }
                s.addresses.remove(a.allocationId);
                x.el("return", "true");
            }
            case "DescribeAddresses" -> {
                List<Ec2Api.Filter> filters = Ec2Api.filters(req, List.of("allocation-id", "domain", "public-ip",
                        "association-id", "tag-key"));
                List<String> ids = Ec2Api.list(req, "AllocationId");
                ids.forEach(id -> found(s.addresses, id));
                x.open("addressesSet");
                for (Address a : s.addresses.values()) {
                    if ((ids.isEmpty() || ids.contains(a.allocationId)) && filters.stream().allMatch(f -> f.matches(switch (f.name()) {
                        case "allocation-id" -> a.allocationId;
                        case "domain" -> "vpc";
                        case "public-ip" -> a.publicIp;
                        case "association-id" -> a.natGatewayId == null ? null : "eipassoc-" + a.allocationId.substring(9);
                        default -> null;
                    }, a.tags))) {
                        x.open("item").el("publicIp", a.publicIp).el("allocationId", a.allocationId).el("domain", "vpc");
                        if (a.natGatewayId != null) {
                            x.el("associationId", "eipassoc-" + a.allocationId.substring(9))
                                    .el("networkInterfaceId", "eni-" + a.natGatewayId.substring(4))
                                    .el("networkInterfaceOwnerId", account);
                        }
                        Ec2Api.tagSet(x.el("publicIpv4Pool", "amazon").el("networkBorderGroup", region), a.tags).close("item");
                    }
                }
                x.close("addressesSet");
            }
            case "CreateNatGateway" -> {
                String token = req.param("ClientToken");
                Ec2Api.Subnet subnet = found(s.subnets, req.required("SubnetId"));
                String connectivity = req.param("ConnectivityType") == null ? "public" : req.param("ConnectivityType");
                if (!connectivity.equals("public")) {
                    throw new AwsError(400, "InvalidParameterValue", "Only public NAT gateways are simulated");
                }
                String allocationId = req.param("AllocationId");
                if (allocationId == null) {
                    throw new AwsError(400, "MissingParameter", "The request must contain the parameter AllocationId");
                }
                Address a = found(s.addresses, allocationId);
                Map<String, String> tags = Ec2Api.tagSpecifications(req, "natgateway");
                requireCreate(caller, region, action, "natgateway", tags);
                requireOn(caller, region, action, "subnet", subnet.id, subnet.tags);
                requireOn(caller, region, action, "elastic-ip", a.allocationId, a.tags);
                if (token != null) {
                    for (NatGateway other : s.nats.values()) {
                        if (token.equals(other.clientToken)) {
                            if (!other.subnetId.equals(subnet.id) || !other.allocationId.equals(allocationId)) {
                                throw new AwsError(400, "IdempotentParameterMismatch",
                                        "The client token you have provided is associated with a resource that is already deleted or has different parameters. Please use a different client token.");
                            }
                            nat(x.open("natGateway"), other, s).close("natGateway").el("clientToken", token);
                            return true;
                        }
                    }
                }
                if (a.natGatewayId != null) {
                    throw new AwsError(400, "Resource.AlreadyAssociated",
                            "Elastic IP address [" + a.allocationId + "] is already associated");
                }
                Instant now = clock.instant();
                NatGateway nat = new NatGateway("nat-" + Ec2Api.hexId(), subnet.id, subnet.vpcId, a.allocationId, token, now);
                nat.tags.putAll(tags);
                nat.transitionAt = now.plus(delay.get());
                if (s.igws.values().stream().noneMatch(g -> subnet.vpcId.equals(g.vpcId))) {
                    nat.failureCode = "Gateway.NotAttached";
                    nat.failureMessage = "Network " + subnet.vpcId + " has no Internet gateway attached";
                }
                a.natGatewayId = nat.id;
                s.nats.put(nat.id, nat);
                nat(x.open("natGateway"), nat, s).close("natGateway");
                if (token != null) {
                    x.el("clientToken", token);
                }
            }
            case "DeleteNatGateway" -> {
                NatGateway nat = found(s.nats, req.required("NatGatewayId"));
                requireOn(caller, region, action, "natgateway", nat.id, nat.tags);
                if (nat.state.equals("pending") || nat.state.equals("available") || nat.state.equals("failed")) {
                    nat.state = "deleting";
                    nat.transitionAt = clock.instant().plus(delay.get());
                }
                x.el("natGatewayId", nat.id);
            }
            case "DescribeNatGateways" -> {
                List<Ec2Api.Filter> filters = Ec2Api.filters(req, List.of("nat-gateway-id", "state", "subnet-id", "vpc-id",
                        "tag-key"));
                List<String> ids = Ec2Api.list(req, "NatGatewayId");
                ids.forEach(id -> found(s.nats, id));
                x.open("natGatewaySet");
                for (NatGateway n : s.nats.values()) {
                    if ((ids.isEmpty() || ids.contains(n.id)) && filters.stream().allMatch(f -> f.matches(switch (f.name()) {
                        case "nat-gateway-id" -> n.id;
                        case "state" -> n.state;
                        case "subnet-id" -> n.subnetId;
                        case "vpc-id" -> n.vpcId;
                        default -> null;
                    }, n.tags))) {
                        nat(x.open("item"), n, s).close("item");
                    }
                }
                x.close("natGatewaySet");
            }
            case "CreateRouteTable" -> {
                Ec2Api.Vpc vpc = found(s.vpcs, req.required("VpcId"));
                Map<String, String> tags = Ec2Api.tagSpecifications(req, "route-table");
                requireCreate(caller, region, action, "route-table", tags);
                requireOn(caller, region, action, "vpc", vpc.id, vpc.tags);
                RouteTable rt = new RouteTable("rtb-" + Ec2Api.hexId(), vpc.id, false);
                rt.tags.putAll(tags);
                rt.routes.add(new Route(vpc.cidr, "local", "CreateRouteTable"));
                s.routeTables.put(rt.id, rt);
                routeTable(x.open("routeTable"), rt, s, account).close("routeTable");
            }
            case "CreateRoute" -> {
                RouteTable rt = found(s.routeTables, req.required("RouteTableId"));
                requireOn(caller, region, action, "route-table", rt.id, rt.tags);
                String destination = req.required("DestinationCidrBlock");
                Ec2Api.cidr(destination, "destinationCidrBlock");
                String gatewayId = req.param("GatewayId");
                String natId = req.param("NatGatewayId");
                if ((gatewayId == null) == (natId == null)) {
                    throw new AwsError(400, "InvalidParameterCombination",
                            "The request must contain exactly one of gatewayId, natGatewayId");
                }
                String target;
                if (gatewayId != null) {
                    InternetGateway g = found(s.igws, gatewayId);
                    if (!rt.vpcId.equals(g.vpcId)) {
                        throw new AwsError(400, "InvalidParameterValue",
                                "route table " + rt.id + " and network gateway " + g.id + " belong to different networks");
                    }
                    target = g.id;
                } else {
                    NatGateway n = found(s.nats, natId);
                    if (!rt.vpcId.equals(n.vpcId) || !n.live() || n.state.equals("deleting")) {
                        throw new AwsError(400, "InvalidNatGatewayID.NotFound", "The natGateway ID '" + natId + "' does not exist");
                    }
                    target = n.id;
                }
                if (rt.routes.stream().anyMatch(r -> r.destination().equals(destination))) {
                    throw new AwsError(400, "RouteAlreadyExists", "The route identified by " + destination + " already exists.");
                }
                rt.routes.add(new Route(destination, target, "CreateRoute"));
                x.el("return", "true");
            }
            case "DeleteRoute" -> {
                RouteTable rt = found(s.routeTables, req.required("RouteTableId"));
                requireOn(caller, region, action, "route-table", rt.id, rt.tags);
                String destination = req.required("DestinationCidrBlock");
                if (!rt.routes.removeIf(r -> r.destination().equals(destination) && !r.target().equals("local"))) {
                    throw new AwsError(400, "InvalidRoute.NotFound", "no route with destination-cidr-block "
                            + destination + " in route table " + rt.id);
                }
                x.el("return", "true");
            }
            case "AssociateRouteTable" -> {
                RouteTable rt = found(s.routeTables, req.required("RouteTableId"));
                Ec2Api.Subnet subnet = found(s.subnets, req.required("SubnetId"));
                requireOn(caller, region, action, "route-table", rt.id, rt.tags);
                requireOn(caller, region, action, "subnet", subnet.id, subnet.tags);
                if (!rt.vpcId.equals(subnet.vpcId)) {
                    throw new AwsError(400, "InvalidParameterValue",
                            "Route table " + rt.id + " and subnet " + subnet.id + " belong to different networks");
                }
                for (RouteTable other : s.routeTables.values()) {
                    if (other.associations.stream().anyMatch(a -> subnet.id.equals(a.subnetId()))) {
                        throw new AwsError(400, "Resource.AlreadyAssociated", "the specified association for route table "
                                + rt.id + " conflicts with an existing association");
                    }
                }
                Association assoc = new Association("rtbassoc-" + Ec2Api.hexId(), subnet.id);
                rt.associations.add(assoc);
                x.el("associationId", assoc.id()).open("associationState").el("state", "associated").close("associationState");
            }
            case "DisassociateRouteTable" -> {
                String id = req.required("AssociationId");
                RouteTable rt = s.routeTables.values().stream()
                        .filter(t -> t.associations.stream().anyMatch(a -> a.id().equals(id))).findFirst()
                        .orElseThrow(() -> new AwsError(400, "InvalidAssociationID.NotFound",
                                "The association ID '" + id + "' does not exist"));
                Association assoc = rt.associations.stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
                requireOn(caller, region, action, "route-table", rt.id, rt.tags);
                if (assoc.subnetId() == null) {
                    throw new AwsError(400, "InvalidParameterValue",
                            "cannot disassociate the main route table association " + id);
                }
                Ec2Api.Subnet subnet = s.subnets.get(assoc.subnetId());
                requireOn(caller, region, action, "subnet", subnet.id, subnet.tags);
                rt.associations.remove(assoc);
                x.el("return", "true");
            }
            case "DeleteRouteTable" -> {
                RouteTable rt = found(s.routeTables, req.required("RouteTableId"));
                requireOn(caller, region, action, "route-table", rt.id, rt.tags);
                if (rt.main || !rt.associations.isEmpty()) {
                    throw new AwsError(400, "DependencyViolation",
                            "The routeTable '" + rt.id + "' has dependencies and cannot be deleted.");
                }
                s.routeTables.remove(rt.id);
                x.el("return", "true");
            }
            case "DescribeRouteTables" -> {
                List<Ec2Api.Filter> filters = Ec2Api.filters(req, List.of("route-table-id", "vpc-id", "association.subnet-id",
                        "association.main", "tag-key"));
                List<String> ids = Ec2Api.list(req, "RouteTableId");
                ids.forEach(id -> found(s.routeTables, id));
                x.open("routeTableSet");
                for (RouteTable rt : s.routeTables.values()) {
                    if ((ids.isEmpty() || ids.contains(rt.id)) && filters.stream().allMatch(f -> matches(f, rt))) {
                        routeTable(x.open("item"), rt, s, account).close("item");
                    }
                }
                x.close("routeTableSet");
            }
            case "ModifySubnetAttribute" -> {
                Ec2Api.Subnet subnet = found(s.subnets, req.required("SubnetId"));
                requireOn(caller, region, action, "subnet", subnet.id, subnet.tags);
                String value = req.param("MapPublicIpOnLaunch.Value");
                if (value == null) {
                    throw new AwsError(400, "InvalidParameterCombination", "Only MapPublicIpOnLaunch is simulated");
                }
                subnet.mapPublicIpOnLaunch = Boolean.parseBoolean(value);
                x.el("return", "true");
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Ec2Api.Filter f, RouteTable rt) {
        return switch (f.name()) {
            case "route-table-id" -> f.matches(rt.id, rt.tags);
            case "vpc-id" -> f.matches(rt.vpcId, rt.tags);
            case "association.main" -> f.matches(String.valueOf(rt.main), rt.tags);
            case "association.subnet-id" -> rt.associations.stream().anyMatch(a -> f.matches(a.subnetId(), rt.tags));
            default -> f.matches(null, rt.tags);
        };
    }

    private static Xml igw(Xml x, InternetGateway g, String account) {
        x.el("internetGatewayId", g.id).el("ownerId", account).open("attachmentSet");
        if (g.vpcId != null) {
            x.open("item").el("vpcId", g.vpcId).el("state", "available").close("item");
        }
        return Ec2Api.tagSet(x.close("attachmentSet"), g.tags);
    }

    private static Xml nat(Xml x, NatGateway n, Ec2Api.Scope s) {
        x.el("createTime", n.createdAt.toString()).el("deleteTime", n.deletedAt == null ? null : n.deletedAt.toString())
                .el("failureCode", n.failureCode).el("failureMessage", n.failureMessage)
                .open("natGatewayAddressSet").open("item").el("allocationId", n.allocationId)
                .el("networkInterfaceId", "eni-" + n.id.substring(4))
                .el("privateIp", "10.0.0.5");
        Address a = s.addresses.get(n.allocationId);
        if (a != null) {
            x.el("publicIp", a.publicIp);
        }
        x.el("isPrimary", "true").el("status", n.state.equals("available") ? "succeeded" : n.state.equals("failed")
                ? "failed" : n.state.equals("pending") ? "associating" : "disassociating")
                .close("item").close("natGatewayAddressSet")
                .el("natGatewayId", n.id).el("state", n.state).el("subnetId", n.subnetId).el("vpcId", n.vpcId)
                .el("connectivityType", "public");
        return Ec2Api.tagSet(x, n.tags);
    }

    private static Xml routeTable(Xml x, RouteTable rt, Ec2Api.Scope s, String account) {
        x.el("routeTableId", rt.id).el("vpcId", rt.vpcId).el("ownerId", account).open("routeSet");
        for (Route r : rt.routes) {
            x.open("item").el("destinationCidrBlock", r.destination());
            if (r.target().startsWith("nat-")) {
                x.el("natGatewayId", r.target());
            } else {
                x.el("gatewayId", r.target());
            }
            x.el("state", active(s, rt, r) ? "active" : "blackhole").el("origin", r.origin()).close("item");
        }
        x.close("routeSet").open("associationSet");
        for (Association a : rt.associations) {
            x.open("item").el("main", String.valueOf(a.subnetId() == null)).el("routeTableAssociationId", a.id())
                    .el("routeTableId", rt.id).el("subnetId", a.subnetId())
                    .open("associationState").el("state", "associated").close("associationState").close("item");
        }
        x.close("associationSet").open("propagatingVgwSet").close("propagatingVgwSet");
        return Ec2Api.tagSet(x, rt.tags);
    }
}
