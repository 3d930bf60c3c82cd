package io.roleport.infrastructure.cloud.aws;

import io.roleport.application.clusters.CloudException;
import io.roleport.application.clusters.CloudProvider.Network;
import io.roleport.application.clusters.CloudProvider.NetworkProblem;
import io.roleport.application.clusters.CloudTarget;
import io.roleport.application.clusters.ResourceOwner;
import io.roleport.application.clusters.ResourceState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * The network of an EKS cluster Roleport creates: a VPC ({@code 10.0.0.0/16}) with a public and a private subnet in
 * each of two zones, an internet gateway for the public subnets, one NAT gateway (with its Elastic IP, in the first
 * public subnet) for the private ones, and a route table per tier. The cluster and its nodes use the private subnets;
 * the public ones carry {@code kubernetes.io/role/elb} for internet-facing load balancers, the private ones
 * {@code kubernetes.io/role/internal-elb}. One NAT gateway, not one per zone: cheaper, at the price of the private
 * subnets of the second zone losing the internet if the first zone fails (docs/aws-permissions.md says so).
 *
 * <p>Every part is found again by Roleport's ownership tags (and, for subnets, by CIDR in the cluster's VPC) before
 * anything is created, and used only when its tags name the cluster's {@link ResourceOwner}; the NAT gateway also
 * carries a client token. A step interrupted between a create and its commit therefore finds its earlier work. Delete
 * goes in dependency order and leaves alone what is not the owner's.
 */
final class AwsNetwork {
  static final String TIER = "roleport:tier";
  static final String ELB = "kubernetes.io/role/elb";
  static final String INTERNAL_ELB = "kubernetes.io/role/internal-elb";
  private static final String PUBLIC = "public";
  private static final String PRIVATE = "private";
  private static final String ANYWHERE = "0.0.0.0/0";

  /** One subnet of the plan: its tier, zone suffix and CIDR. */
  record Plan(String tier, String zone, String cidr) {}

  /** The subnets, in order; the first public one holds the NAT gateway. */
  static final List<Plan> PLAN = List.of(new Plan(PUBLIC, "a", "10.0.0.0/24"), new Plan(PUBLIC, "b", "10.0.1.0/24"),
      new Plan(PRIVATE, "a", "10.0.128.0/18"), new Plan(PRIVATE, "b", "10.0.192.0/18"));

  private AwsNetwork() {}

  static Network ensure(Ec2Client ec2, CloudTarget target, ResourceOwner owner, Map<String, String> tags) {
    String key = owner.clusterKey();
    Optional<Vpc> found = findVpc(ec2, key);
    if (found.isPresent() && !owner.ownsAws(tags(found.get().tags()))) {
      throw ResourceOwner.notOwned("VPC", found.get().vpcId());
    }
    Vpc vpc = found.orElseGet(() -> ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")
        .tagSpecifications(spec(ResourceType.VPC, tags))).vpc());
    String vpcId = vpc.vpcId();

    List<Subnet> existing = ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpcId))).subnets();
    Map<String, List<String>> subnetsByTier = new HashMap<>();
    for (Plan plan : PLAN) {
      Optional<Subnet> subnet = existing.stream().filter(s -> plan.cidr().equals(s.cidrBlock())).findFirst();
      if (subnet.isPresent() && !owner.ownsAws(tags(subnet.get().tags()))) {
        throw ResourceOwner.notOwned("Subnet", subnet.get().subnetId());
      }
      Map<String, String> subnetTags = new HashMap<>(tags);
      subnetTags.put(TIER, plan.tier());
      subnetTags.put(plan.tier().equals(PUBLIC) ? ELB : INTERNAL_ELB, "1");
      String id = subnet.map(Subnet::subnetId).orElseGet(() -> ec2.createSubnet(r -> r.vpcId(vpcId)
          .cidrBlock(plan.cidr()).availabilityZone(target.region() + plan.zone())
          .tagSpecifications(spec(ResourceType.SUBNET, subnetTags))).subnet().subnetId());
      subnetsByTier.computeIfAbsent(plan.tier(), t -> new ArrayList<>()).add(id);
    }
    List<String> publicSubnets = subnetsByTier.get(PUBLIC);
    List<String> privateSubnets = subnetsByTier.get(PRIVATE);

    InternetGateway igw = ownedInternetGateways(ec2, owner).stream().findFirst().orElseGet(() -> ec2
        .createInternetGateway(r -> r.tagSpecifications(spec(ResourceType.INTERNET_GATEWAY, tags))).internetGateway());
    if (igw.attachments().stream().noneMatch(a -> vpcId.equals(a.vpcId()))) {
      ec2.attachInternetGateway(r -> r.internetGatewayId(igw.internetGatewayId()).vpcId(vpcId));
    }
    RouteTable publicRoutes = routeTable(ec2, owner, vpcId, PUBLIC, tags);
    ensureRoute(ec2, publicRoutes, igw.internetGatewayId(), null);
    ensureAssociations(ec2, publicRoutes, publicSubnets);

    Address eip = owned(ec2.describeAddresses(r -> r.filters(ownerFilter(owner))).addresses(), Address::tags, owner)
        .stream().findFirst().orElseGet(() -> {
          var allocated = ec2.allocateAddress(r -> r.domain(DomainType.VPC)
              .tagSpecifications(spec(ResourceType.ELASTIC_IP, tags)));
          return Address.builder().allocationId(allocated.allocationId()).publicIp(allocated.publicIp()).build();
        });
    List<NatGateway> nats = ownedNatGateways(ec2, owner, vpcId);
    Optional<NatGateway> live = nats.stream()
        .filter(n -> n.stateAsString().equals("pending") || n.stateAsString().equals("available")).findFirst();
    NatGateway nat;
    if (live.isPresent()) {
      nat = live.get();
    } else {
      Optional<NatGateway> failed = nats.stream().filter(n -> n.stateAsString().equals("failed")).findFirst();
      if (failed.isPresent()) {
        throw new CloudException("NatGatewayFailed", "NAT gateway " + failed.get().natGatewayId() + " failed: "
            + failed.get().failureCode() + ": " + failed.get().failureMessage(), false, null);
      }
      nat = ec2.createNatGateway(r -> r.subnetId(publicSubnets.get(0)).allocationId(eip.allocationId())
          .clientToken("roleport-nat-" + vpcId).tagSpecifications(spec(ResourceType.NATGATEWAY, tags))).natGateway();
    }
    RouteTable privateRoutes = routeTable(ec2, owner, vpcId, PRIVATE, tags);
    ensureRoute(ec2, privateRoutes, null, nat.natGatewayId());
    ensureAssociations(ec2, privateRoutes, privateSubnets);
    return new Network(vpcId, privateSubnets, nat.stateAsString().equals("available"));
  }

  /**
   * Deletes, in dependency order, the owner's NAT gateway (and waits for it to be deleted), Elastic IP, internet gateway
   * (detached first), route tables (disassociated first), subnets and VPC. Found by tag, so parts left outside the VPC
   * by an interrupted create go too.
   */
  static ResourceState delete(Ec2Client ec2, ResourceOwner owner) {
    boolean waiting = false;
    for (NatGateway nat : ownedNatGateways(ec2, owner, null)) {
      switch (nat.stateAsString()) {
        case "pending", "available", "failed" -> {
          ec2.deleteNatGateway(r -> r.natGatewayId(nat.natGatewayId()));
          waiting = true;
        }
        case "deleting" -> waiting = true;
        default -> { } // deleted
      }
    }
    if (waiting) {
      return ResourceState.DELETING;
    }
    for (Address eip : owned(ec2.describeAddresses(r -> r.filters(ownerFilter(owner))).addresses(), Address::tags,
        owner)) {
      if (eip.associationId() != null) {
        return ResourceState.DELETING; // its NAT gateway lets go of it once deleted
      }
      ec2.releaseAddress(r -> r.allocationId(eip.allocationId()));
    }
    for (InternetGateway igw : ownedInternetGateways(ec2, owner)) {
      for (InternetGatewayAttachment attachment : igw.attachments()) {
        ec2.detachInternetGateway(r -> r.internetGatewayId(igw.internetGatewayId()).vpcId(attachment.vpcId()));
      }
      ec2.deleteInternetGateway(r -> r.internetGatewayId(igw.internetGatewayId()));
    }
    for (RouteTable table : owned(ec2.describeRouteTables(r -> r.filters(ownerFilter(owner))).routeTables(),
        RouteTable::tags, owner)) {
      for (RouteTableAssociation association : table.associations()) {
        if (!Boolean.TRUE.equals(association.main())) {
          ec2.disassociateRouteTable(r -> r.associationId(association.routeTableAssociationId()));
        }
      }
      ec2.deleteRouteTable(r -> r.routeTableId(table.routeTableId()));
    }
    Optional<Vpc> vpc = findVpc(ec2, owner.clusterKey()).filter(v -> owner.ownsAws(tags(v.tags())));
    if (vpc.isPresent()) {
      for (Subnet subnet : ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpc.get().vpcId()))).subnets()) {
        if (owner.ownsAws(tags(subnet.tags()))) {
          ec2.deleteSubnet(r -> r.subnetId(subnet.subnetId()));
        }
      }
      ec2.deleteVpc(r -> r.vpcId(vpc.get().vpcId()));
    }
    return ResourceState.GONE;
  }

  /**
   * Reads a network the organization already has and says what keeps it from carrying a cluster (see
   * {@link io.roleport.application.clusters.CloudProvider#checkExistingNetwork}); filters, not ids, so that a
   * missing VPC or subnet is a finding rather than an error.
   */
  static List<NetworkProblem> check(Ec2Client ec2, CloudTarget target, String vpcId, List<String> subnetIds) {
    List<NetworkProblem> problems = new ArrayList<>();
    String account = target.role().accountId().value();
    if (ec2.describeVpcs(r -> r.filters(filter("vpc-id", vpcId))).vpcs().isEmpty()) {
      problems.add(new NetworkProblem("cluster.network.vpcNotFound", List.of(vpcId, account, target.region())));
      return problems;
    }
    List<Subnet> subnets = ec2.describeSubnets(r -> r.filters(Filter.builder().name("subnet-id").values(subnetIds)
        .build())).subnets();
    List<RouteTable> tables = ec2.describeRouteTables(r -> r.filters(filter("vpc-id", vpcId))).routeTables();
    List<String> gateways = ec2.describeInternetGateways(r -> r.filters(filter("attachment.vpc-id", vpcId)))
        .internetGateways().stream().map(InternetGateway::internetGatewayId).toList();
    Map<String, NatGateway> nats = new HashMap<>();
    ec2.describeNatGateways(r -> r.filter(filter("vpc-id", vpcId), filter("state", "available"))).natGateways()
        .forEach(n -> nats.put(n.natGatewayId(), n));
    java.util.Set<String> zones = new java.util.TreeSet<>();
    for (String id : subnetIds) {
      Optional<Subnet> subnet = subnets.stream().filter(s -> id.equals(s.subnetId())).findFirst();
      if (subnet.isEmpty()) {
        problems.add(new NetworkProblem("cluster.network.subnetNotFound", List.of(id)));
      } else if (!vpcId.equals(subnet.get().vpcId())) {
        problems.add(new NetworkProblem("cluster.network.subnetOtherVpc", List.of(id, subnet.get().vpcId(), vpcId)));
      } else {
        zones.add(subnet.get().availabilityZone());
        if (!reachesInternet(subnet.get(), tables, gateways, nats, subnets, ec2)) {
          problems.add(new NetworkProblem("cluster.network.noRoute", List.of(id)));
        }
      }
    }
    if (zones.size() == 1) {
      problems.add(new NetworkProblem("cluster.network.oneZone", List.of(zones.iterator().next())));
    }
    return problems;
  }

  /** Whether 0.0.0.0/0 from the subnet goes to an attached internet gateway (with public IPs) or an available NAT. */
  private static boolean reachesInternet(Subnet subnet, List<RouteTable> tables, List<String> gateways,
      Map<String, NatGateway> nats, List<Subnet> known, Ec2Client ec2) {
    String target = defaultRoute(subnet.subnetId(), tables);
    if (target == null) {
      return false;
    }
    if (gateways.contains(target)) {
      return Boolean.TRUE.equals(subnet.mapPublicIpOnLaunch());
    }
    NatGateway nat = nats.get(target);
    return nat != null && gateways.contains(defaultRoute(nat.subnetId(), tables));
  }

  /** The active 0.0.0.0/0 target of a subnet's route table (its explicit association, else the VPC's main table). */
  private static String defaultRoute(String subnetId, List<RouteTable> tables) {
    RouteTable table = tables.stream().filter(t -> t.associations().stream()
        .anyMatch(a -> subnetId.equals(a.subnetId()))).findFirst()
        .orElseGet(() -> tables.stream().filter(t -> t.associations().stream()
            .anyMatch(a -> Boolean.TRUE.equals(a.main()))).findFirst().orElse(null));
    if (table == null) {
      return null;
    }
    return table.routes().stream().filter(r -> ANYWHERE.equals(r.destinationCidrBlock())
        && "active".equals(r.stateAsString())).map(r -> r.natGatewayId() != null ? r.natGatewayId() : r.gatewayId())
        .findFirst().orElse(null);
  }

  private static RouteTable routeTable(Ec2Client ec2, ResourceOwner owner, String vpcId, String tier,
      Map<String, String> tags) {
    Optional<RouteTable> found = owned(ec2.describeRouteTables(r -> r.filters(filter("vpc-id", vpcId),
        ownerFilter(owner), filter("tag:" + TIER, tier))).routeTables(), RouteTable::tags, owner).stream().findFirst();
    if (found.isPresent()) {
      return found.get();
    }
    Map<String, String> tableTags = new HashMap<>(tags);
    tableTags.put(TIER, tier);
    return ec2.createRouteTable(r -> r.vpcId(vpcId).tagSpecifications(spec(ResourceType.ROUTE_TABLE, tableTags)))
        .routeTable();
  }

  /** Adds the default route unless the table has one (a route to a deleted gateway is a blackhole: replaced). */
  private static void ensureRoute(Ec2Client ec2, RouteTable table, String gatewayId, String natGatewayId) {
    var current = table.routes().stream().filter(r -> ANYWHERE.equals(r.destinationCidrBlock())).findFirst();
    if (current.isPresent() && "active".equals(current.get().stateAsString())) {
      return;
    }
    if (current.isPresent()) {
      ec2.deleteRoute(r -> r.routeTableId(table.routeTableId()).destinationCidrBlock(ANYWHERE));
    }
    ec2.createRoute(r -> r.routeTableId(table.routeTableId()).destinationCidrBlock(ANYWHERE).gatewayId(gatewayId)
        .natGatewayId(natGatewayId));
  }

  private static void ensureAssociations(Ec2Client ec2, RouteTable table, List<String> subnetIds) {
    for (String subnetId : subnetIds) {
      if (table.associations().stream().noneMatch(a -> subnetId.equals(a.subnetId()))) {
        ec2.associateRouteTable(r -> r.routeTableId(table.routeTableId()).subnetId(subnetId));
      }
    }
  }

  private static List<InternetGateway> ownedInternetGateways(Ec2Client ec2, ResourceOwner owner) {
    return owned(ec2.describeInternetGateways(r -> r.filters(ownerFilter(owner))).internetGateways(),
        InternetGateway::tags, owner);
  }

  private static List<NatGateway> ownedNatGateways(Ec2Client ec2, ResourceOwner owner, String vpcId) {
    List<Filter> filters = new ArrayList<>(List.of(ownerFilter(owner)));
    if (vpcId != null) {
      filters.add(filter("vpc-id", vpcId));
    }
    return owned(ec2.describeNatGateways(r -> r.filter(filters)).natGateways(), NatGateway::tags, owner);
  }

  private static <T> List<T> owned(List<T> found, java.util.function.Function<T, List<Tag>> tagsOf,
      ResourceOwner owner) {
    return found.stream().filter(t -> owner.ownsAws(tags(tagsOf.apply(t)))).toList();
  }

  static Optional<Vpc> findVpc(Ec2Client ec2, String clusterKey) {
    return ec2.describeVpcs(r -> r.filters(filter("tag:" + ResourceOwner.AWS_CLUSTER, clusterKey))).vpcs().stream()
        .findFirst();
  }

  private static Filter ownerFilter(ResourceOwner owner) {
    return filter("tag:" + ResourceOwner.AWS_CLUSTER, owner.clusterKey());
  }

  static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> out = new HashMap<>();
    tags.forEach(t -> out.put(t.key(), t.value()));
    return out;
  }

  static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }

  static TagSpecification spec(ResourceType type, Map<String, String> tags) {
    return TagSpecification.builder().resourceType(type)
        .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
        .build();
  }
}
