package io.roleport.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's AWS CLI v2 ({@code /usr/bin/aws}) pointed at the simulator, with empty config and credential files and one
 * principal's keys in the environment: what a customer's administrator types, for tests that follow the onboarding
 * page (deploying its CloudFormation template) with a real client.
 */
public final class AwsCli {

    public static final Path AWS = Path.of("/usr/bin/aws");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Path home;

    /** Exit code and output of one run. */
    public record Run(int exit, String out, String err) {
        /** The JSON output; fails with the CLI's error when it did not succeed. */
        public JsonNode json() throws IOException {
            if (exit != 0) {
                throw new AssertionError("aws failed (" + exit + "): " + err);
            }
            return JSON.readTree(out.isBlank() ? "{}" : out);
        }
    }

    public AwsCli(URI endpoint, Path home) throws IOException {
        this.endpoint = endpoint;
        this.home = home;
        Files.createDirectories(home);
        Files.writeString(home.resolve("config"), "");
        Files.writeString(home.resolve("credentials"), "");
    }

    /** Runs {@code aws ARGS} in eu-west-1 with this access key (a long-term key of the seed). */
    public Run run(String accessKeyId, String secretAccessKey, String... args) throws IOException, InterruptedException {
        return run(new String[] {accessKeyId, secretAccessKey}, args);
    }

    /** Runs {@code aws ARGS} with {@code key}: access key id, secret and, for a role session, its session token. */
    public Run run(String[] key, String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(AWS)) {
            throw new AssertionError("/usr/bin/aws is missing: install Debian's awscli package (.ci/run does)");
        }
        List<String> cmd = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", endpoint.toString(),
                "--region", "eu-west-1", "--output", "json"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", key[0]);
        env.put("AWS_SECRET_ACCESS_KEY", key[1]);
        if (key.length > 2) {
            env.put("AWS_SESSION_TOKEN", key[2]);
        }
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("HOME", home.toString());
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", args) + " timed out");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * Deploys a CloudFormation template text as it is ({@code create-stack --capabilities CAPABILITY_NAMED_IAM}) and
     * answers the stack as {@code describe-stacks} shows it.
     */
    public JsonNode deployStack(String accessKeyId, String secretAccessKey, String stackName, String templateBody)
            throws IOException, InterruptedException {
        Path file = Files.createTempFile(home, "template", ".yaml");
        Files.writeString(file, templateBody);
        run(accessKeyId, secretAccessKey, "cloudformation", "create-stack", "--stack-name", stackName,
                "--template-body", "file://" + file, "--capabilities", "CAPABILITY_NAMED_IAM").json();
        return run(accessKeyId, secretAccessKey, "cloudformation", "describe-stacks", "--stack-name", stackName)
                .json().path("Stacks").path(0);
    }
}
