package io.roleport.domain;

import java.util.regex.Pattern;

/**
 * A cluster's name in its cloud: the EKS cluster, the AKS managed cluster and, on Azure, its resource group.
 * Derived once from the cluster's id (unique in the installation and never reused) and kept on the cluster row,
 * so it never changes and two organizations sharing an account can never be given the same name, whatever
 * their slugs and cluster names: {@code rp-<id>_<name>} ({@code rp-42_prod-eu}). The cluster's own name follows
 * the unique key so a person looking at their console recognises it, in full (it always fits).
 *
 * <p>The underscore separates the key from the readable part. Neither slugs nor cluster names may contain one,
 * so a derived name never equals a name of the first scheme ({@code slug-name}, see {@link #legacy}), which
 * clusters created before issue #11 keep. The result satisfies the strictest limit of the names it is used for
 * (AKS managed cluster: 1-63 characters, letters, digits, {@code -} and {@code _}, starting and ending with a
 * letter or digit), and with it EKS (1-100, {@code ^[0-9A-Za-z][A-Za-z0-9\-_]*}) and Azure resource groups (1-90).
 */
public record CloudName(String value) {
  /** The AKS managed-cluster limit, the strictest of the names a cloud name is used for. */
  public static final int MAX_LENGTH = 63;
  /** What EKS accepts for a cluster name; legacy names ({@link #legacy}) may be up to 81 characters. */
  private static final Pattern FORMAT = Pattern.compile("[0-9A-Za-z][0-9A-Za-z_-]{0,99}");

  public CloudName {
    if (value == null || !FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException("not a valid cloud name: " + value);
    }
  }

  /**
   * The name of cluster {@code clusterId} named {@code name} in its organization. It always fits: "rp-", at most
   * 19 digits, "_" and at most 40 characters of {@link ClusterName} make at most 63; the cluster name ends with a
   * letter or digit, and so does the result.
   */
  public static CloudName of(long clusterId, ClusterName name) {
    if (clusterId <= 0) {
      throw new IllegalArgumentException("a cluster id is positive: " + clusterId);
    }
    String value = "rp-" + clusterId + "_" + name.value();
    if (value.length() > MAX_LENGTH) {
      throw new IllegalStateException("cloud name longer than " + MAX_LENGTH + ": " + value);
    }
    return new CloudName(value);
  }

  /**
   * The first scheme, {@code slug-name}: not unique across organizations ({@code acme} + {@code prod-eu} and
   * {@code acme-prod} + {@code eu}). Only clusters created before issue #11 carry it (migration V8.1).
   */
  public static CloudName legacy(Slug slug, ClusterName name) {
    return new CloudName(slug.value() + "-" + name.value());
  }

  @Override
  public String toString() {
    return value;
  }
}
