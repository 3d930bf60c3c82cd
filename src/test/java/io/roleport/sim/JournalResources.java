package io.roleport.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/**
 * Names the resource of a call for {@link JournalEntry#resource()}: the role name (STS assume calls, IAM),
 * {@code cluster} or {@code cluster/nodegroup} (EKS), the tagged ARN ({@code ListTagsForResource}), the
 * subnet/VPC id or first {@code ResourceId} (EC2); {@code null} when the call names none.
 */
final class JournalResources {

    private JournalResources() {
    }

    static String of(String service, String action, Map<String, String> params, String[] segs, byte[] body, ObjectMapper json) {
        switch (service) {
            case "sts" -> {
                String arn = params.get("RoleArn");
                return arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
            }
            case "iam" -> {
                return params.get("RoleName");
            }
            case "ec2" -> {
                String id = params.get("SubnetId") != null ? params.get("SubnetId") : params.get("VpcId");
                return id != null ? id : params.get("ResourceId.1");
            }
            case "eks" -> {
                if (segs.length >= 2 && segs[0].equals("tags")) {
                    return segs[1];
                }
                String cluster = segs.length >= 2 && segs[0].equals("clusters") ? segs[1] : null;
                String nodegroup = segs.length >= 4 ? segs[3] : null;
                if (cluster != null && segs.length >= 3 && segs[2].equals("access-entries")) { // cluster/access-entry/ARN
                    String principal = nodegroup;
                    if (principal == null) {
                        try {
                            var n = json.readTree(body);
                            principal = n == null ? null : n.path("principalArn").asText(null);
                        } catch (IOException | RuntimeException e) {
                            // unparsable body: the service reports it
                        }
                    }
                    return cluster + "/access-entry/" + principal;
                }
                if ("CreateCluster".equals(action) || "CreateNodegroup".equals(action)) {
                    try {
                        var n = json.readTree(body);
                        if (n != null && "CreateCluster".equals(action)) {
                            cluster = n.path("name").asText(null);
                        } else if (n != null) {
                            nodegroup = n.path("nodegroupName").asText(null);
                        }
                    } catch (IOException | RuntimeException e) {
                        // unparsable body: the service reports it
                    }
                }
                return cluster == null ? null : nodegroup == null ? cluster : cluster + "/" + nodegroup;
            }
            default -> {
                return null;
            }
        }
    }

}
