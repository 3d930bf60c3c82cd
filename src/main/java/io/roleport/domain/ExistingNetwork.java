package io.roleport.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A network the organization already has in its own AWS account, named on the create-cluster form: a VPC id and the
 * subnets the cluster and its nodes go in. Only the format is a domain rule (EC2 ids: a prefix and 8 or 17 hexadecimal
 * digits; at least two subnets, since EKS needs two availability zones); that they exist, are in that VPC, span two
 * zones and reach the internet is checked in the account before anything is stored. Roleport never deletes it.
 */
public record ExistingNetwork(String vpcId, List<String> subnetIds) implements java.io.Serializable {
  private static final Pattern VPC = Pattern.compile("vpc-([0-9a-f]{8}|[0-9a-f]{17})");
  private static final Pattern SUBNET = Pattern.compile("subnet-([0-9a-f]{8}|[0-9a-f]{17})");
  /** The most subnets the form takes (EKS takes at most 16 for a cluster). */
  public static final int MAX_SUBNETS = 16;

  public ExistingNetwork {
    subnetIds = List.copyOf(subnetIds);
    List<DomainException> refused = refusals(vpcId, subnetIds);
    if (!refused.isEmpty()) {
      throw refused.get(0);
    }
  }

  /** The network as typed on the form: a VPC id and subnet ids separated by commas or spaces. */
  public static ExistingNetwork of(String vpcId, String subnetIds) {
    return new ExistingNetwork(vpcId == null ? "" : vpcId.strip(), split(subnetIds));
  }

  /** Every refusal of what was typed, all at once (the form shows each beside its field). */
  public static List<DomainException> refusals(String vpcId, String subnetIds) {
    return refusals(vpcId == null ? "" : vpcId.strip(), split(subnetIds));
  }

  private static List<DomainException> refusals(String vpcId, List<String> subnetIds) {
    List<DomainException> refused = new ArrayList<>();
    if (vpcId.isEmpty()) {
      refused.add(new DomainException("cluster.network.vpcId.missing"));
    } else if (!VPC.matcher(vpcId).matches()) {
      refused.add(new DomainException("cluster.network.vpcId.invalid", vpcId));
    }
    List<String> invalid = subnetIds.stream().filter(s -> !SUBNET.matcher(s).matches()).toList();
    if (!invalid.isEmpty()) {
      refused.add(new DomainException("cluster.network.subnetId.invalid", String.join(", ", invalid)));
    } else if (subnetIds.size() < 2 || subnetIds.size() > MAX_SUBNETS) {
      refused.add(new DomainException("cluster.network.subnets.count", subnetIds.size(), MAX_SUBNETS));
    }
    return refused;
  }

  private static List<String> split(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.strip().split("[,\\s]+")).filter(s -> !s.isEmpty()).distinct().toList();
  }
}
