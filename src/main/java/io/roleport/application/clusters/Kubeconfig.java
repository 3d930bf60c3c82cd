package io.roleport.application.clusters;

import io.roleport.domain.Cluster;
import io.roleport.domain.DomainException;

/**
 * A kubeconfig for one cluster. It names only the workload cluster and authenticates with the reader's
 * own cloud identity ({@code aws eks get-token}), never with Roleport's roles or credentials.
 */
public final class Kubeconfig {
  private Kubeconfig() {}

  public static String of(Cluster cluster) {
    return of(cluster, java.util.Optional.empty());
  }

  /**
   * As {@link #of(Cluster)}, with {@code aws eks get-token --role-arn} when the person's Roleport role gives them one
   * of the account's access roles ({@link EksAccessRoles}): the CLI assumes it with the person's own AWS identity.
   */
  public static String of(Cluster cluster, java.util.Optional<String> accessRole) {
    String endpoint = cluster.endpoint().orElseThrow(() -> new DomainException("cluster.kubeconfig.notReady",
        cluster.name()));
    return aws(cluster.cloudName(), endpoint, cluster.certificateAuthority().orElse(""), cluster.region(), accessRole);
  }

  /**
   * As {@link #of(Cluster, java.util.Optional)} for an organization whose account trusts each person's own sign-in
   * (web identity): the person's AWS identity there comes from their corporate ID token, so the CLI assumes the access
   * role with AssumeRoleWithWebIdentity ({@code AWS_ROLE_ARN} set here, {@code AWS_WEB_IDENTITY_TOKEN_FILE} from the
   * person's environment: a file holding their current ID token) instead of {@code --role-arn}.
   */
  public static String ofWebIdentity(Cluster cluster, java.util.Optional<String> accessRole) {
    String endpoint = cluster.endpoint().orElseThrow(() -> new DomainException("cluster.kubeconfig.notReady",
        cluster.name()));
    return awsWebIdentity(cluster.cloudName(), endpoint, cluster.certificateAuthority().orElse(""), cluster.region(),
        accessRole);
  }

  /** The web-identity kubeconfig of the EKS cluster {@code name} (see {@link #ofWebIdentity}). */
  public static String awsWebIdentity(String name, String endpoint, String certificateAuthority, String region,
      java.util.Optional<String> accessRole) {
    String config = aws(name, endpoint, certificateAuthority, region, java.util.Optional.empty());
    return accessRole.map(r -> config + """
                env:
                  - name: AWS_ROLE_ARN
                    value: "%s"
                  - name: AWS_ROLE_SESSION_NAME
                    value: roleport-kubectl
        """.formatted(r)).orElse(config);
  }

  /** The kubeconfig of the EKS cluster {@code name} at {@code endpoint} (CA: base64 PEM, as EKS returns it). */
  public static String aws(String name, String endpoint, String certificateAuthority, String region,
      java.util.Optional<String> accessRole) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
          - name: %1$s
            cluster:
              server: %2$s
              certificate-authority-data: %3$s
        contexts:
          - name: %1$s
            context:
              cluster: %1$s
              user: %1$s
        current-context: %1$s
        users:
          - name: %1$s
            user:
              exec:
                apiVersion: client.authentication.k8s.io/v1beta1
                command: aws
                args: ["eks", "get-token", "--cluster-name", "%1$s", "--region", "%4$s"%5$s]
                interactiveMode: IfAvailable
        """.formatted(name, endpoint, certificateAuthority, region,
        accessRole.map(r -> ", \"--role-arn\", \"" + r + "\"").orElse(""));
  }
}
