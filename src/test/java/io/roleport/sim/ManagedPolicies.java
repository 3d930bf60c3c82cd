package io.roleport.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AWS managed policies the simulator knows ({@code arn:aws:iam::aws:policy/NAME}), loaded from the catalogue
 * {@code aws-managed-policies.json} beside this class: the real documents of the policies Roleport's templates and
 * documentation name, so a role that attaches one gets exactly what it would get in AWS. A template naming a managed
 * policy that is not in the catalogue fails (IAM answers {@code NoSuchEntity} for an unknown policy ARN).
 */
final class ManagedPolicies {

    static final String ARN_PREFIX = "arn:aws:iam::aws:policy/";

    private final Map<String, Directory.ManagedPolicy> byArn = new LinkedHashMap<>();

    private ManagedPolicies() {
    }

    static ManagedPolicies load(ObjectMapper json) {
        ManagedPolicies m = new ManagedPolicies();
        try (InputStream in = ManagedPolicies.class.getResourceAsStream("aws-managed-policies.json")) {
            if (in == null) {
                throw new IllegalStateException("aws-managed-policies.json is missing from the test classpath");
            }
            Instant created = Instant.parse("2015-02-06T18:39:46Z");
            for (JsonNode p : json.readTree(in).path("policies")) {
                String name = p.path("name").asText();
                JsonNode doc = p.path("document");
                String problem = PolicyEvaluator.validate(doc);
                if (problem != null) {
                    throw new IllegalStateException("Managed policy " + name + ": " + problem);
                }
                m.byArn.put(ARN_PREFIX + name, new Directory.ManagedPolicy(ARN_PREFIX + name, name, "/",
                        "ANPA" + Directory.stableId("aws-managed:" + name), doc, created));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    Directory.ManagedPolicy byArn(String arn) {
        return byArn.get(arn);
    }

    /** The document of an AWS managed policy by name (e.g. {@code AmazonEKSClusterPolicy}). */
    JsonNode document(String name) {
        Directory.ManagedPolicy p = byArn.get(ARN_PREFIX + name);
        if (p == null) {
            throw new IllegalArgumentException("Not in the catalogue: " + name);
        }
        return p.document();
    }
}
