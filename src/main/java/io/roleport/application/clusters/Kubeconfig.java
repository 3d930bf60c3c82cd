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
    String endpoint = cluster.endpoint().orElseThrow(() -> new DomainException("cluster.kubeconfig.notReady",
        cluster.name()));
    String name = cluster.cloudName();
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
                args: ["eks", "get-token", "--cluster-name", "%1$s", "--region", "%4$s"]
                interactiveMode: IfAvailable
        """.formatted(name, endpoint, cluster.certificateAuthority().orElse(""), cluster.region());
  }
}
