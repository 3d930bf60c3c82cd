package io.roleport.application.onboarding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What Roleport may do in a customer's AWS account, in one place: every action the worker calls (so validation can
 * prove each one with {@code iam:SimulatePrincipalPolicy}) and the least-privilege permissions policy of the automation
 * role that grants exactly those, scoped by Roleport's ownership tag ({@code roleport:cluster}) and by the names of
 * the two roles it hands to EKS. The same statements are rendered as the JSON the onboarding page shows and as the
 * CloudFormation the templates carry, so the two never drift apart; docs/aws-permissions.md explains each one.
 *
 * <p>Resources use {@code ${AWS::AccountId}}: CloudFormation substitutes it ({@code !Sub}), the JSON document and the
 * simulation put the account id in its place.
 */
public final class AwsPermissions {
  /** The role EKS assumes to run the control plane (trusts {@code eks.amazonaws.com}). */
  public static final String CLUSTER_ROLE = "RoleportEksClusterRole";
  /** The role of the nodes (trusts {@code ec2.amazonaws.com}). */
  public static final String NODE_ROLE = "RoleportEksNodeRole";
  /** The tag every resource Roleport creates carries ({@code ResourceOwner.AWS_CLUSTER}). */
  static final String OWNER_TAG = "roleport:cluster";
  static final String ACCOUNT = "${AWS::AccountId}";

  /** AWS managed policies of the cluster role, and of the node role (EKS user guide: cluster-iam-role, create-node-role). */
  public static final List<String> CLUSTER_ROLE_POLICIES = List.of("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy");
  public static final List<String> NODE_ROLE_POLICIES = List.of("arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy");

  /**
   * What EKS needs the cluster role to be allowed: every unconditional action of {@code AmazonEKSClusterPolicy} (its
   * default version; {@code SeedPermissionsTest} holds this list to the simulator's catalogue). Validation simulates
   * them on the role, so an equivalent custom policy passes as well as the managed one.
   */
  public static final List<String> CLUSTER_ROLE_ACTIONS = List.of(
      "autoscaling:DescribeAutoScalingGroups", "autoscaling:UpdateAutoScalingGroup", "ec2:AttachVolume",
      "ec2:AuthorizeSecurityGroupIngress", "ec2:CreateRoute", "ec2:CreateSecurityGroup", "ec2:CreateTags",
      "ec2:CreateVolume", "ec2:DeleteRoute", "ec2:DeleteSecurityGroup", "ec2:DeleteVolume",
      "ec2:DescribeInstances", "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets",
      "ec2:DescribeVolumes", "ec2:DescribeVolumesModifications", "ec2:DescribeVpcs", "ec2:DescribeDhcpOptions",
      "ec2:DescribeNetworkInterfaces", "ec2:DescribeAvailabilityZones", "ec2:DetachVolume",
      "ec2:ModifyInstanceAttribute", "ec2:ModifyVolume", "ec2:RevokeSecurityGroupIngress",
      "ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeInternetGateways",
      "ec2:DescribeInstanceTopology", "elasticloadbalancing:AddTags",
      "elasticloadbalancing:ApplySecurityGroupsToLoadBalancer", "elasticloadbalancing:AttachLoadBalancerToSubnets",
      "elasticloadbalancing:ConfigureHealthCheck", "elasticloadbalancing:CreateListener",
      "elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateLoadBalancerListeners",
      "elasticloadbalancing:CreateLoadBalancerPolicy", "elasticloadbalancing:CreateTargetGroup",
      "elasticloadbalancing:DeleteListener", "elasticloadbalancing:DeleteLoadBalancer",
      "elasticloadbalancing:DeleteLoadBalancerListeners", "elasticloadbalancing:DeleteTargetGroup",
      "elasticloadbalancing:DeregisterInstancesFromLoadBalancer", "elasticloadbalancing:DeregisterTargets",
      "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeLoadBalancerAttributes",
      "elasticloadbalancing:DescribeLoadBalancerPolicies", "elasticloadbalancing:DescribeLoadBalancers",
      "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DetachLoadBalancerFromSubnets",
      "elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyLoadBalancerAttributes",
      "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
      "elasticloadbalancing:RegisterInstancesWithLoadBalancer", "elasticloadbalancing:RegisterTargets",
      "elasticloadbalancing:SetLoadBalancerPoliciesForBackendServer",
      "elasticloadbalancing:SetLoadBalancerPoliciesOfListener", "kms:DescribeKey");

  /** ... and the node role: the worker node, ECR read-only and VPC CNI policies' unconditional actions. */
  public static final List<String> NODE_ROLE_ACTIONS = List.of(
      "ec2:DescribeInstances", "ec2:DescribeInstanceTypes", "ec2:DescribeRouteTables",
      "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVolumes",
      "ec2:DescribeVolumesModifications", "ec2:DescribeVpcs", "eks:DescribeCluster",
      "eks-auth:AssumeRoleForPodIdentity", "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability",
      "ecr:GetDownloadUrlForLayer", "ecr:GetRepositoryPolicy", "ecr:DescribeRepositories", "ecr:ListImages",
      "ecr:DescribeImages", "ecr:BatchGetImage", "ecr:GetLifecyclePolicy", "ecr:GetLifecyclePolicyPreview",
      "ecr:ListTagsForResource", "ecr:DescribeImageScanFindings", "ec2:AssignPrivateIpAddresses",
      "ec2:AttachNetworkInterface", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeTags",
      "ec2:DescribeNetworkInterfaces", "ec2:DetachNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute",
      "ec2:UnassignPrivateIpAddresses");

  private AwsPermissions() {}

  // --- access inside EKS clusters (issue #12) ---

  /**
   * The three access roles of an organization's account: a person's kubeconfig runs {@code aws eks get-token
   * --role-arn} with the one of their Roleport role, and each cluster has an access entry for each role with its EKS
   * access policy. The roles trust the account itself: the account's administrators decide which of their people
   * (IAM Identity Center permission sets, IAM users or roles) may assume which role; Roleport decides which role a
   * person's kubeconfig names. They carry no IAM permissions.
   */
  public enum AccessRole {
    VIEW("RoleportEksView", "AmazonEKSViewPolicy"),
    EDIT("RoleportEksEdit", "AmazonEKSEditPolicy"),
    ADMIN("RoleportEksAdmin", "AmazonEKSClusterAdminPolicy");

    public final String roleName;
    public final String policyName;

    AccessRole(String roleName, String policyName) {
      this.roleName = roleName;
      this.policyName = policyName;
    }

    public String policyArn() {
      return ACCESS_POLICY_PREFIX + policyName;
    }

    public String roleArnIn(String account) {
      return "arn:aws:iam::" + account + ":role/" + roleName;
    }

    /** The access role of the highest of a person's Roleport roles in an organization, if any gives one. */
    public static java.util.Optional<AccessRole> of(java.util.Set<io.roleport.domain.OrgRole> roles) {
      if (roles.contains(io.roleport.domain.OrgRole.ORG_ADMIN)) {
        return java.util.Optional.of(ADMIN);
      }
      if (roles.contains(io.roleport.domain.OrgRole.MEMBER)) {
        return java.util.Optional.of(EDIT);
      }
      return roles.contains(io.roleport.domain.OrgRole.VIEWER) ? java.util.Optional.of(VIEW) : java.util.Optional.empty();
    }
  }

  public static final String ACCESS_POLICY_PREFIX = "arn:aws:eks::aws:cluster-access-policy/";
  private static final String ACCESS_ENTRY = "arn:aws:eks:*:" + ACCOUNT + ":access-entry/*/role/" + ACCOUNT
      + "/RoleportEks*/*";

  private static List<String> accessRoleArns() {
    return java.util.Arrays.stream(AccessRole.values()).map(r -> roleArn(r.roleName)).toList();
  }

  private static List<String> accessPolicyArns() {
    return java.util.Arrays.stream(AccessRole.values()).map(AccessRole::policyArn).toList();
  }

  /** Access entries only on Roleport's clusters, only for the three access roles, only with their three policies. */
  private static void accessStatements(List<Statement> s) {
    Map<String, Map<String, List<String>>> entries = cond("Null", "aws:ResourceTag/" + OWNER_TAG, "false");
    entries.put("ArnLike", new LinkedHashMap<>(Map.of("eks:principalArn", accessRoleArns())));
    s.add(new Statement("AccessEntriesOnlyForRoleportAccessRoles", List.of("eks:CreateAccessEntry"), List.of(CLUSTER),
        entries));
    Map<String, Map<String, List<String>>> policies = new LinkedHashMap<>();
    policies.put("StringEquals", new LinkedHashMap<>(Map.of("eks:policyArn", accessPolicyArns())));
    s.add(new Statement("AccessPoliciesOnlyForRoleportAccessRoles", List.of("eks:AssociateAccessPolicy"),
        List.of(ACCESS_ENTRY), policies));
  }

  /** What validation simulates for the access entries: one per role (its principal and its policy). */
  private static List<RequiredAction> accessActions(String region) {
    String cluster = "arn:aws:eks:" + region + ":" + ACCOUNT + ":cluster/rp-0_check";
    List<RequiredAction> out = new ArrayList<>();
    for (AccessRole r : AccessRole.values()) {
      out.add(new RequiredAction("eks:CreateAccessEntry", cluster, Map.of("aws:ResourceTag/" + OWNER_TAG,
          "rp-cluster-0", "eks:principalArn", roleArn(r.roleName)), "aws.why.accessEntry." + r.roleName));
      out.add(new RequiredAction("eks:AssociateAccessPolicy", "arn:aws:eks:" + region + ":" + ACCOUNT
          + ":access-entry/rp-0_check/role/" + ACCOUNT + "/" + r.roleName + "/check",
          Map.of("eks:policyArn", r.policyArn()), "aws.why.accessPolicy." + r.roleName));
    }
    return out;
  }
  // --- end of access inside EKS clusters ---

  /** One statement of the automation role's policy. Condition: operator -> key -> values. */
  record Statement(String sid, List<String> actions, List<String> resources,
      Map<String, Map<String, List<String>>> condition) {}

  /**
   * One call the worker makes, as validation simulates it: the action, a resource it will act on (with
   * {@code ${AWS::AccountId}}) and the context AWS will see (request or resource tags, {@code iam:PassedToService}).
   *
   * @param why the message key of the plain-words purpose, shown when it is missing; its text may name the cluster
   *     role as {@code {0}} and the node role as {@code {1}}
   */
  public record RequiredAction(String action, String resource, Map<String, String> context, String why) {
    public String resourceIn(String account) {
      return resource.replace(ACCOUNT, account);
    }

    /** The context with the account id in place of {@code ${AWS::AccountId}}. */
    public Map<String, String> contextIn(String account) {
      Map<String, String> out = new LinkedHashMap<>();
      context.forEach((k, v) -> out.put(k, v.replace(ACCOUNT, account)));
      return out;
    }
  }

  private static Map<String, Map<String, List<String>>> cond(String op, String key, String... values) {
    Map<String, Map<String, List<String>>> c = new LinkedHashMap<>();
    c.put(op, new LinkedHashMap<>(Map.of(key, List.of(values))));
    return c;
  }

  private static final String VPC = "arn:aws:ec2:*:" + ACCOUNT + ":vpc/*";
  private static final String SUBNET = "arn:aws:ec2:*:" + ACCOUNT + ":subnet/*";
  private static final String IGW = "arn:aws:ec2:*:" + ACCOUNT + ":internet-gateway/*";
  private static final String EIP = "arn:aws:ec2:*:" + ACCOUNT + ":elastic-ip/*";
  private static final String NAT = "arn:aws:ec2:*:" + ACCOUNT + ":natgateway/*";
  private static final String ROUTE_TABLE = "arn:aws:ec2:*:" + ACCOUNT + ":route-table/*";
  /** Every kind of network resource Roleport creates. */
  private static final List<String> NETWORK = List.of(VPC, SUBNET, IGW, EIP, NAT, ROUTE_TABLE);
  private static final String CLUSTER = "arn:aws:eks:*:" + ACCOUNT + ":cluster/*";
  private static final String NODEGROUP = "arn:aws:eks:*:" + ACCOUNT + ":nodegroup/*/*/*";

  static String roleArn(String name) {
    return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
  }

  /** The automation role's permissions, statement by statement. */
  static List<Statement> automationStatements() {
    List<Statement> s = new ArrayList<>();
    s.add(new Statement("ReadNetworksAndClusters",
        List.of("ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeInternetGateways", "ec2:DescribeAddresses",
            "ec2:DescribeNatGateways", "ec2:DescribeRouteTables", "eks:DescribeCluster", "eks:DescribeNodegroup"),
        List.of("*"), Map.of()));
    s.add(new Statement("CreateOnlyTaggedNetworks", List.of("ec2:CreateVpc", "ec2:CreateSubnet",
        "ec2:CreateInternetGateway", "ec2:AllocateAddress", "ec2:CreateNatGateway", "ec2:CreateRouteTable"),
        NETWORK, cond("Null", "aws:RequestTag/" + OWNER_TAG, "false")));
    s.add(new Statement("SubnetsOnlyInRoleportVpcs", List.of("ec2:CreateSubnet"), List.of(VPC),
        cond("Null", "aws:ResourceTag/" + OWNER_TAG, "false")));
    s.add(new Statement("TagOnlyWhileCreating", List.of("ec2:CreateTags"), NETWORK,
        cond("StringEquals", "ec2:CreateAction", "CreateVpc", "CreateSubnet", "CreateInternetGateway",
            "AllocateAddress", "CreateNatGateway", "CreateRouteTable")));
    s.add(new Statement("WireOnlyRoleportNetworks", List.of("ec2:AttachInternetGateway",
        "ec2:DetachInternetGateway", "ec2:CreateNatGateway", "ec2:CreateRouteTable", "ec2:CreateRoute",
        "ec2:DeleteRoute", "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable"),
        List.of(VPC, SUBNET, IGW, EIP, ROUTE_TABLE), cond("Null", "aws:ResourceTag/" + OWNER_TAG, "false")));
    s.add(new Statement("DeleteOnlyRoleportNetworks", List.of("ec2:DeleteSubnet", "ec2:DeleteVpc",
        "ec2:DeleteInternetGateway", "ec2:ReleaseAddress", "ec2:DeleteNatGateway", "ec2:DeleteRouteTable"),
        NETWORK, cond("Null", "aws:ResourceTag/" + OWNER_TAG, "false")));
    s.add(new Statement("CreateOnlyTaggedClusters", List.of("eks:CreateCluster", "eks:TagResource"),
        List.of(CLUSTER, NODEGROUP), cond("Null", "aws:RequestTag/" + OWNER_TAG, "false")));
    Map<String, Map<String, List<String>>> nodegroups = cond("Null", "aws:ResourceTag/" + OWNER_TAG, "false");
    nodegroups.get("Null").put("aws:RequestTag/" + OWNER_TAG, List.of("false"));
    s.add(new Statement("NodeGroupsOnlyInRoleportClusters", List.of("eks:CreateNodegroup"), List.of(CLUSTER),
        nodegroups));
    s.add(new Statement("DeleteOnlyRoleportClusters", List.of("eks:DeleteNodegroup", "eks:DeleteCluster"),
        List.of(CLUSTER, NODEGROUP), cond("Null", "aws:ResourceTag/" + OWNER_TAG, "false")));
    s.add(new Statement("ScaleAndUpgradeOnlyRoleportClusters",
        List.of("eks:UpdateNodegroupConfig", "eks:UpdateNodegroupVersion", "eks:UpdateClusterVersion",
            "eks:DescribeUpdate"),
        List.of(CLUSTER, NODEGROUP), cond("Null", "aws:ResourceTag/" + OWNER_TAG, "false")));
    s.add(new Statement("PassOnlyTheEksRoles", List.of("iam:PassRole"),
        List.of(roleArn(CLUSTER_ROLE), roleArn(NODE_ROLE)),
        cond("StringEquals", "iam:PassedToService", "eks.amazonaws.com", "ec2.amazonaws.com")));
    Map<String, Map<String, List<String>>> slr = cond("StringEquals", "iam:AWSServiceName", "eks.amazonaws.com",
        "eks-nodegroup.amazonaws.com");
    s.add(new Statement("EksServiceLinkedRoles", List.of("iam:CreateServiceLinkedRole"),
        List.of("arn:aws:iam::" + ACCOUNT + ":role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS",
            "arn:aws:iam::" + ACCOUNT
                + ":role/aws-service-role/eks-nodegroup.amazonaws.com/AWSServiceRoleForAmazonEKSNodegroup"),
        slr));
    s.add(new Statement("ValidateRoleportRoles", List.of("iam:GetRole", "iam:SimulatePrincipalPolicy"),
        List.of("arn:aws:iam::" + ACCOUNT + ":role/Roleport*"), Map.of()));
    accessStatements(s);
    return s;
  }

  /**
   * Every call the worker makes with the automation role, on a resource like the ones it will touch. A cluster's
   * cloud name is {@code rp-<id>_<name>}; validation uses a name of that shape.
   */
  public static List<RequiredAction> requiredActions(String region) {
    List<RequiredAction> all = new ArrayList<>(workerActions(region));
    all.addAll(accessActions(region));
    return List.copyOf(all);
  }

  private static List<RequiredAction> workerActions(String region) {
    String vpc = "arn:aws:ec2:" + region + ":" + ACCOUNT + ":vpc/vpc-0roleportcheck";
    String subnet = "arn:aws:ec2:" + region + ":" + ACCOUNT + ":subnet/subnet-0roleportcheck";
    String igw = "arn:aws:ec2:" + region + ":" + ACCOUNT + ":internet-gateway/igw-0roleportcheck";
    String eip = "arn:aws:ec2:" + region + ":" + ACCOUNT + ":elastic-ip/eipalloc-0roleportcheck";
    String nat = "arn:aws:ec2:" + region + ":" + ACCOUNT + ":natgateway/nat-0roleportcheck";
    String rtb = "arn:aws:ec2:" + region + ":" + ACCOUNT + ":route-table/rtb-0roleportcheck";
    String cluster = "arn:aws:eks:" + region + ":" + ACCOUNT + ":cluster/rp-0_check";
    String nodegroup = "arn:aws:eks:" + region + ":" + ACCOUNT + ":nodegroup/rp-0_check/default/check";
    Map<String, String> requestTag = Map.of("aws:RequestTag/" + OWNER_TAG, "rp-cluster-0");
    Map<String, String> resourceTag = Map.of("aws:ResourceTag/" + OWNER_TAG, "rp-cluster-0");
    Map<String, String> both = Map.of("aws:RequestTag/" + OWNER_TAG, "rp-cluster-0",
        "aws:ResourceTag/" + OWNER_TAG, "rp-cluster-0");
    List<RequiredAction> out = new ArrayList<>(List.of(
        new RequiredAction("ec2:DescribeVpcs", "*", Map.of(), "aws.why.findClustersNetwork"),
        new RequiredAction("ec2:DescribeSubnets", "*", Map.of(), "aws.why.findClustersSubnets"),
        new RequiredAction("ec2:DescribeInternetGateways", "*", Map.of(), "aws.why.findNetworksInternetGateway"),
        new RequiredAction("ec2:DescribeAddresses", "*", Map.of(), "aws.why.findNATGatewaysElastic"),
        new RequiredAction("ec2:DescribeNatGateways", "*", Map.of(), "aws.why.followNATGatewaysCreation"),
        new RequiredAction("ec2:DescribeRouteTables", "*", Map.of(), "aws.why.findNetworksRouteTables"),
        new RequiredAction("ec2:CreateVpc", vpc, requestTag, "aws.why.createClustersNetwork"),
        creating("ec2:CreateTags", vpc, "CreateVpc", "aws.why.tagNetworkCreates"),
        new RequiredAction("ec2:CreateSubnet", vpc, resourceTag, "aws.why.addSubnetsNetwork"),
        new RequiredAction("ec2:CreateSubnet", subnet, requestTag, "aws.why.createClustersSubnets"),
        creating("ec2:CreateTags", subnet, "CreateSubnet", "aws.why.tagSubnetsCreates"),
        new RequiredAction("ec2:CreateInternetGateway", igw, requestTag, "aws.why.givePublicSubnetsInternet"),
        creating("ec2:CreateTags", igw, "CreateInternetGateway", "aws.why.tagInternetGatewayCreates"),
        new RequiredAction("ec2:AttachInternetGateway", igw, resourceTag, "aws.why.attachInternetGateway"),
        new RequiredAction("ec2:AttachInternetGateway", vpc, resourceTag, "aws.why.attachInternetGatewayNetwork"),
        new RequiredAction("ec2:AllocateAddress", eip, requestTag, "aws.why.getNATGatewaysPublic"),
        creating("ec2:CreateTags", eip, "AllocateAddress", "aws.why.tagElasticIPAllocates"),
        new RequiredAction("ec2:CreateNatGateway", nat, requestTag, "aws.why.letNodesInPrivate"),
        creating("ec2:CreateTags", nat, "CreateNatGateway", "aws.why.tagNATGatewayCreates"),
        new RequiredAction("ec2:CreateNatGateway", subnet, resourceTag, "aws.why.putNATGatewayIn"),
        new RequiredAction("ec2:CreateNatGateway", eip, resourceTag, "aws.why.giveNATGatewayElastic"),
        new RequiredAction("ec2:CreateRouteTable", rtb, requestTag, "aws.why.routeSubnets"),
        creating("ec2:CreateTags", rtb, "CreateRouteTable", "aws.why.tagRouteTablesCreates"),
        new RequiredAction("ec2:CreateRouteTable", vpc, resourceTag, "aws.why.addRouteTablesNetwork"),
        new RequiredAction("ec2:CreateRoute", rtb, resourceTag, "aws.why.routeInternetNATGateways"),
        new RequiredAction("ec2:DeleteRoute", rtb, resourceTag, "aws.why.replaceRouteGatewayGone"),
        new RequiredAction("ec2:AssociateRouteTable", rtb, resourceTag, "aws.why.routeSubnets"),
        new RequiredAction("ec2:AssociateRouteTable", subnet, resourceTag, "aws.why.routeSubnets"),
        new RequiredAction("ec2:DisassociateRouteTable", rtb, resourceTag, "aws.why.unrouteSubnetsCluster"),
        new RequiredAction("ec2:DisassociateRouteTable", subnet, resourceTag, "aws.why.unrouteSubnetsCluster"),
        new RequiredAction("ec2:DeleteNatGateway", nat, resourceTag, "aws.why.removeNATGatewayCluster"),
        new RequiredAction("ec2:ReleaseAddress", eip, resourceTag, "aws.why.releaseElasticIPCluster"),
        new RequiredAction("ec2:DetachInternetGateway", igw, resourceTag, "aws.why.detachInternetGateway"),
        new RequiredAction("ec2:DetachInternetGateway", vpc, resourceTag, "aws.why.detachInternetGateway"),
        new RequiredAction("ec2:DeleteInternetGateway", igw, resourceTag, "aws.why.removeInternetGateway"),
        new RequiredAction("ec2:DeleteRouteTable", rtb, resourceTag, "aws.why.removeRouteTables"),
        new RequiredAction("ec2:DeleteSubnet", subnet, resourceTag, "aws.why.removeSubnetsCluster"),
        new RequiredAction("ec2:DeleteVpc", vpc, resourceTag, "aws.why.removeNetworkCluster"),
        new RequiredAction("eks:DescribeCluster", cluster, Map.of(), "aws.why.followClustersCreation"),
        new RequiredAction("eks:CreateCluster", cluster, requestTag, "aws.why.createClusters"),
        new RequiredAction("eks:DescribeNodegroup", nodegroup, Map.of(), "aws.why.followNodeGroupsCreation"),
        new RequiredAction("eks:CreateNodegroup", cluster, both, "aws.why.addClustersNodes"),
        new RequiredAction("eks:DeleteNodegroup", nodegroup, resourceTag, "aws.why.removeNodes"),
        new RequiredAction("eks:DeleteCluster", cluster, resourceTag, "aws.why.deleteClusters"),
        new RequiredAction("eks:UpdateNodegroupConfig", nodegroup, resourceTag, "aws.why.scaleNodeGroup"),
        new RequiredAction("eks:UpdateClusterVersion", cluster, resourceTag, "aws.why.upgradeControlPlane"),
        new RequiredAction("eks:UpdateNodegroupVersion", nodegroup, resourceTag, "aws.why.upgradeNodeGroup"),
        new RequiredAction("eks:DescribeUpdate", cluster, resourceTag, "aws.why.followUpdate"),
        new RequiredAction("iam:PassRole", roleArn(CLUSTER_ROLE), Map.of("iam:PassedToService", "eks.amazonaws.com"),
            "aws.why.passClusterRole"),
        new RequiredAction("iam:PassRole", roleArn(NODE_ROLE), Map.of("iam:PassedToService", "eks.amazonaws.com"),
            "aws.why.passNodeRole")));
    return List.copyOf(out);
  }

  /** Tag on create: {@code ec2:CreateTags} with the request's tag and {@code ec2:CreateAction}. */
  private static RequiredAction creating(String action, String resource, String createAction, String why) {
    return new RequiredAction(action, resource, Map.of("aws:RequestTag/" + OWNER_TAG, "rp-cluster-0",
        "ec2:CreateAction", createAction), why);
  }

  /** The automation role's policy as an IAM JSON document for {@code account} (or {@code YOUR_ACCOUNT_ID}). */
  public static String automationPolicyJson(String account) {
    StringBuilder sb = new StringBuilder("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n");
    List<Statement> statements = automationStatements();
    for (int i = 0; i < statements.size(); i++) {
      Statement st = statements.get(i);
      sb.append("    {\n      \"Sid\": \"").append(st.sid()).append("\",\n      \"Effect\": \"Allow\",\n")
          .append("      \"Action\": ").append(list(st.actions(), false, account)).append(",\n")
          .append("      \"Resource\": ").append(list(st.resources(), false, account));
      if (!st.condition().isEmpty()) {
        sb.append(",\n      \"Condition\": ").append(condition(st.condition(), false, account));
      }
      sb.append("\n    }").append(i < statements.size() - 1 ? "," : "").append('\n');
    }
    return sb.append("  ]\n}").toString();
  }

  /**
   * The same policy as a CloudFormation {@code PolicyDocument} (YAML flow style), indented by {@code indent}
   * spaces; ARNs naming the account use {@code !Sub}.
   */
  static String automationPolicyYaml(int indent) {
    String pad = " ".repeat(indent);
    StringBuilder sb = new StringBuilder(pad).append("Version: \"2012-10-17\"\n").append(pad).append("Statement:\n");
    for (Statement st : automationStatements()) {
      sb.append(pad).append("  - Sid: ").append(st.sid()).append('\n')
          .append(pad).append("    Effect: Allow\n")
          .append(pad).append("    Action: ").append(list(st.actions(), true, null)).append('\n')
          .append(pad).append("    Resource: ").append(list(st.resources(), true, null)).append('\n');
      if (!st.condition().isEmpty()) {
        sb.append(pad).append("    Condition: ").append(condition(st.condition(), true, null)).append('\n');
      }
    }
    return sb.toString();
  }

  private static String list(List<String> values, boolean yaml, String account) {
    return values.stream().map(v -> {
      if (yaml) {
        return (v.contains(ACCOUNT) ? "!Sub " : "") + quote(v);
      }
      return quote(account == null ? v : v.replace(ACCOUNT, account));
    }).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String condition(Map<String, Map<String, List<String>>> condition, boolean yaml, String account) {
    return condition.entrySet().stream()
        .map(op -> quote(op.getKey()) + ": " + op.getValue().entrySet().stream()
            .map(k -> quote(k.getKey()) + ": " + (k.getValue().size() == 1 && !k.getValue().get(0).contains(ACCOUNT)
                ? quote(k.getValue().get(0)) : list(k.getValue(), yaml, account)))
            .collect(Collectors.joining(", ", "{ ", " }")))
        .collect(Collectors.joining(", ", "{ ", " }"));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
