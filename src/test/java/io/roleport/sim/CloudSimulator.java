package io.roleport.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AWS cloud simulator: one local HTTP port that serves STS, IAM, EC2, EKS and CloudFormation the way the real AWS SDK v2
 * clients expect them, for tests and local mode (never shipped in the WAR).
 *
 * <p>Every request is authenticated like AWS does it: the SigV4 {@code Authorization} header names the key and
 * the credential scope (whose service name routes the call), the signature is recomputed from the principal's
 * secret, and session credentials must carry their {@code X-Amz-Security-Token} and be unexpired. Principals
 * are the seed's IAM users ({@code AKIA...}) and the sessions this simulator's STS issues ({@code ASIA...}).
 * Every call, successful, refused or fault-injected, lands in the {@link Journal}.
 *
 * <p>Start it with {@link #start(int, Path)} and point SDK clients at {@link #endpoint()}; or run
 * {@link #main(String[])} standalone. Unsigned endpoints: STS {@code AssumeRoleWithWebIdentity} (the token is the
 * credential), console federation {@code GET /federation} ({@link ConsoleFederation}), and the helpers
 * {@code GET /_sim/health}, {@code GET /_sim/journal}, {@code GET|POST|DELETE /_sim/faults} ({@link FaultAdmin}).
 */
public final class CloudSimulator implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final Directory directory;
    private final Journal journal = new Journal();
    private final ObjectMapper json = new ObjectMapper();
    private final Faults faults = new Faults();
    private volatile Duration transitionDelay;
    private final StsApi sts;
    private final IamApi iam;
    private final Ec2Api ec2;
    private final EksApi eks;
    private final Authorizer authz;
    private final CloudFormationApi cloudFormation;

    private final ConsoleFederation federation;
    private final KubeApi kube;

    private CloudSimulator(int port, Path seedJson, Clock clock) throws IOException {
        this.clock = clock;
        this.directory = Directory.load(seedJson, json, clock.instant());
        this.transitionDelay = directory.transitionDelay;
        this.sts = new StsApi(directory, clock, new OidcTokenVerifier(directory, clock, json), new Authorizer(directory));
        this.federation = new ConsoleFederation(directory, clock, json);
        this.iam = new IamApi(directory, clock, json, new Authorizer(directory));
        this.authz = new Authorizer(directory);
        this.ec2 = new Ec2Api(authz, clock, () -> transitionDelay);
        this.eks = new EksApi(json, clock, () -> transitionDelay, ec2, authz, directory);
        this.cloudFormation = new CloudFormationApi(directory, clock, json, authz);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "cloud-sim-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.kube = new KubeApi(eks, directory, clock, json, "127.0.0.1:" + port());
        eks.kube(kube);
    }

    /**
     * Starts a simulator bound to 127.0.0.1.
     *
     * @param port     the port, or 0 for any free port
     * @param seedJson the seed file (accounts, users, roles; see docs/simulator.md)
     */
    public static CloudSimulator start(int port, Path seedJson) throws IOException {
        return start(port, seedJson, Clock.systemUTC());
    }

    /**
     * As {@link #start(int, Path)} with the clock used for session expiry, resource timestamps and status
     * transitions (tests pass an adjustable clock to expire sessions without waiting). SigV4 request dates are
     * not checked against it.
     */
    public static CloudSimulator start(int port, Path seedJson, Clock clock) throws IOException {
        return new CloudSimulator(port, seedJson, clock);
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override for every AWS SDK client. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The delay of EKS {@code CREATING -> ACTIVE} and {@code DELETING -> gone} (clusters and node groups) for transitions started from now on. */
    public void setTransitionDelay(Duration d) {
        this.transitionDelay = d;
    }

    /** The clusters' Kubernetes API (tests of its rules). */
    KubeApi kube() {
        return kube;
    }

    public Journal journal() {
        return journal;
    }

    /**
     * The next {@code times} calls of {@code action} on {@code service} (after authentication) fail with this
     * status and error code, e.g. {@code injectFault("eks", "CreateCluster", 429, "ThrottlingException", 2)}.
     * {@code action} "*" matches every action of the service.
     */
    public void injectFault(String service, String action, int httpStatus, String errorCode, int times) {
        if (httpStatus < 400 || times <= 0) {
            throw new IllegalArgumentException("A fault needs an error status (>= 400) and times > 0");
        }
        faults.add(new Faults.Fault(service, action, httpStatus, errorCode, null, new AtomicInteger(times), null));
    }

    /**
     * Every call of {@code action} on {@code service} ("*" for all) fails with this status and error code for
     * {@code window} from now (simulator clock), e.g. an outage: {@code injectFaultFor("eks", "*", 503,
     * "ServiceUnavailableException", Duration.ofSeconds(30))}.
     */
    public void injectFaultFor(String service, String action, int httpStatus, String errorCode, Duration window) {
        if (httpStatus < 400 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("A fault needs an error status (>= 400) and a positive window");
        }
        faults.add(new Faults.Fault(service, action, httpStatus, errorCode, null, new AtomicInteger(1), clock.instant().plus(window)));
    }

    /**
     * The next {@code times} calls of {@code action} on {@code service} answer {@code ExpiredToken} as if the
     * caller's credentials had expired (400 on Query services, 403 on EKS), whatever credentials they carry.
     */
    public void injectExpiredTokenFault(String service, String action, int times) {
        injectFault(service, action, expiredTokenStatus(service), "ExpiredToken", times);
    }

    /** How many injected faults and delays are still pending (not yet taken by a call). */
    public int pendingFaults() {
        return faults.pending();
    }

    /** Forgets every pending fault and latency. */
    public void clearFaults() {
        faults.clear();
    }

    /**
     * Caps the lifetime of every session issued from now on (AssumeRole, AssumeRoleWithWebIdentity): the
     * returned {@code Expiration} is at most now + {@code cap}, whatever {@code DurationSeconds} asked. Lets tests
     * exercise credential refresh without waiting an hour; {@code null} removes the cap.
     */
    public void setMaxIssuedSessionLifetime(Duration cap) {
        directory.setMaxIssuedSessionLifetime(cap);
    }

    /**
     * Registers an IAM OIDC identity provider in {@code accountId} (replacing one with the same URL), as the
     * seed's {@code oidcProviders} do. Its ARN is {@code arn:aws:iam::ACCT:oidc-provider/HOST[:PORT]/PATH}.
     *
     * @return the provider's ARN
     */
    public String registerOidcProvider(String accountId, String url, List<String> clientIds) {
        directory.registerOidcProvider(accountId, url, clientIds);
        return directory.oidcProvider(accountId, url).arn();
    }

    /** Creates a role (no permissions, {@code MaxSessionDuration} 3600) with this trust policy; returns its ARN. */
    public String putRole(String accountId, String name, String trustPolicyJson) {
        return putRole(accountId, name, trustPolicyJson, 3600);
    }

    /** As {@link #putRole(String, String, String)} with a {@code MaxSessionDuration} (3600..43200 seconds). */
    public String putRole(String accountId, String name, String trustPolicyJson, int maxSessionDuration) {
        if (!directory.accountExists(accountId)) {
            throw new IllegalArgumentException("Unknown account " + accountId);
        }
        try {
            return directory.putRole(accountId, name, "/", trustPolicyJson, json.readTree(trustPolicyJson), false, null,
                    clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), maxSessionDuration).arn();
        } catch (IOException e) {
            throw new IllegalArgumentException("Trust policy is not JSON", e);
        }
    }

    /** Gives a role an inline identity policy (as IAM PutRolePolicy), replacing one of the same name. */
    public void putRolePolicy(String accountId, String roleName, String policyName, String policyJson) {
        Directory.Role role = directory.role(accountId, roleName);
        if (role == null) {
            throw new IllegalArgumentException("Unknown role " + roleName + " in " + accountId);
        }
        try {
            com.fasterxml.jackson.databind.JsonNode doc = json.readTree(policyJson);
            String problem = PolicyEvaluator.validate(doc);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            synchronized (directory) {
                directory.policiesOf(role.arn()).inline.put(policyName, doc);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Policy is not JSON", e);
        }
    }

    /** Attaches a managed policy (an AWS managed one of the catalogue, or a customer's) to a role. */
    public void attachRolePolicy(String accountId, String roleName, String policyArn) {
        Directory.Role role = directory.role(accountId, roleName);
        if (role == null || directory.managedPolicy(policyArn) == null) {
            throw new IllegalArgumentException("Unknown role " + roleName + " or policy " + policyArn);
        }
        synchronized (directory) {
            directory.policiesOf(role.arn()).attached.add(policyArn);
        }
    }

    private static int expiredTokenStatus(String service) {
        return service.equals("eks") ? 403 : 400;
    }

    /**
     * The next {@code times} calls of {@code action} on {@code service} ("*" for all) are answered normally but
     * only after {@code latency} (e.g. to exercise client timeouts and slow pages).
     */
    public void injectLatency(String service, String action, Duration latency, int times) {
        if (latency.isNegative() || times <= 0) {
            throw new IllegalArgumentException("Latency must be >= 0 and times > 0");
        }
        faults.add(new Faults.Fault(service, action, 0, null, latency, new AtomicInteger(times), null));
    }

    @Override
    public void close() {
        kube.close();
        server.stop(0);
        executor.shutdownNow();
    }

    /** Standalone: {@code --port 4566 --seed config/simulator-seed.json}; prints the endpoint and runs until killed. */
    public static void main(String[] args) throws Exception {
        int port = 4566;
        Path seed = Path.of("config/simulator-seed.json");
        for (int i = 0; i < args.length - 1; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Path.of(args[++i]);
                default -> { }
            }
        }
        CloudSimulator sim = start(port, seed);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }));
        System.out.println("AWS cloud simulator listening on " + sim.endpoint() + " (seed " + seed.toAbsolutePath() + ")");
        stopped.await();
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String rawPath = ex.getRequestURI().getRawPath();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (rawPath.startsWith("/_sim/")) {
                helper(ex, rawPath, body);
                return;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
            String rawQuery = ex.getRequestURI().getRawQuery();
            Map<String, String> params = new LinkedHashMap<>();
            parseForm(rawQuery, params);
            String contentType = first(headers, "content-type");
            if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
                parseForm(new String(body, StandardCharsets.UTF_8), params);
            }
            String method = ex.getRequestMethod();
            if (rawPath.equals("/federation") || rawPath.equals("/console")) {
                federation(ex, rawPath, params);
                return;
            }

            SigV4.Authorization auth = null;
            String service;
            try {
                auth = SigV4.parse(first(headers, "authorization"));
            } catch (AwsError e) {
                service = params.containsKey("Action") ? "sts" : "eks";
                respond(ex, service, params.getOrDefault("Action", "Unknown"), null, e, null);
                return;
            }
            service = auth != null ? auth.service() : params.containsKey("Action") ? "sts" : "eks";
            String[] segs = Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty())
                    .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toArray(String[]::new);
            String action = service.equals("eks") ? EksApi.action(method, segs) : params.get("Action");
            if (action == null) {
                action = "Unknown";
            }
            String resource = JournalResources.of(service, action, params, segs, body, json);
            boolean unsignedWebIdentity = auth == null && service.equals("sts") && "AssumeRoleWithWebIdentity".equals(action);
            Caller caller = null;
            try {
                if (!List.of("sts", "iam", "ec2", "eks", "cloudformation").contains(service)) {
                    throw new AwsError(400, "UnrecognizedService", "The simulator does not serve service '" + service + "'");
                }
                if (auth == null && !unsignedWebIdentity) {
                    throw new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
                }
                caller = auth == null ? webIdentityCaller(params.get("RoleArn"))
                        : authenticate(auth, method, rawPath, rawQuery, headers, body, service);
                if (action.equals("Unknown")) {
                    throw service.equals("eks")
                            ? new AwsError(404, "UnknownOperationException", "No operation for " + method + " " + rawPath)
                            : new AwsError(400, "MissingAction", "Missing Action");
                }
                Faults.Fault latency = faults.take(service, action, true, clock.instant());
                if (latency != null) {
                    sleep(latency.latency());
                }
                Faults.Fault fault = faults.take(service, action, false, clock.instant());
                if (fault != null) {
                    throw new AwsError(fault.status(), fault.code(), "Injected fault: " + fault.code());
                }
                Request req = new Request(method, rawPath, params, body, auth == null ? "us-east-1" : auth.region(), headers);
                SimResponse res = switch (service) {
                    case "sts" -> sts.handle(action, req, caller);
                    case "iam" -> iam.handle(action, req, caller);
                    case "ec2" -> ec2.handle(action, req, caller);
                    case "cloudformation" -> cloudFormation.handle(action, req, caller);
                    default -> eks.handle(action, segs, req, caller);
                };
                record(service, action, caller, res.status(), null, resource);
                write(ex, res);
            } catch (AwsError e) {
                respond(ex, service, action, caller, e, resource);
            } catch (RuntimeException e) {
                respond(ex, service, action, caller, new AwsError(500, service.equals("eks") ? "ServerException" : "InternalFailure",
                        "Simulator failure: " + e), resource);
            }
        }
    }

    private Caller authenticate(SigV4.Authorization auth, String method, String rawPath, String rawQuery,
            Map<String, List<String>> headers, byte[] body, String service) {
        String token = first(headers, "x-amz-security-token");
        String secret;
        Caller caller;
        Directory.User user = directory.userByKey(auth.accessKeyId());
        Directory.Session session = user == null ? directory.session(auth.accessKeyId()) : null;
        if (user != null && token == null) {
            secret = user.secretAccessKey();
            caller = new Caller(user.accountId(), user.arn(), user.userId(), null, null, Map.of());
        } else if (session != null && session.sessionToken().equals(token)) {
            if (!clock.instant().isBefore(session.expiration())) {
                throw new AwsError(service.equals("eks") ? 403 : 400, "ExpiredToken",
                        "The security token included in the request is expired");
            }
            secret = session.secretAccessKey();
            caller = session.caller();
        } else {
            throw new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        String amzDate = first(headers, "x-amz-date");
        if (amzDate == null || !amzDate.startsWith(auth.date()) || !auth.signedHeaders().contains("host")
                || (token != null && !auth.signedHeaders().contains("x-amz-security-token"))) {
            throw new AwsError(403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
        }
        String declared = first(headers, "x-amz-content-sha256");
        String payloadHash = "UNSIGNED-PAYLOAD".equals(declared) ? declared : SigV4.hex(SigV4.sha256(body));
        String canonical = SigV4.canonicalRequest(method, rawPath, rawQuery, headers, auth.signedHeaders(), payloadHash);
        String expected = SigV4.signature(secret, auth, SigV4.stringToSign(amzDate, auth.scope(), canonical));
        if (!SigV4.same(expected, auth.signature())) {
            throw new AwsError(403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
        }
        return caller;
    }

    /**
     * The journal's caller of an unsigned {@code AssumeRoleWithWebIdentity}: the role's account, no principal ARN
     * (the web identity is not an AWS principal). Not used for any authorization.
     */
    private static Caller webIdentityCaller(String roleArn) {
        var m = Directory.ROLE_ARN.matcher(roleArn == null ? "" : roleArn);
        return new Caller(m.matches() ? m.group(1) : null, null, null, null, null, Map.of());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void respond(HttpExchange ex, String service, String action, Caller caller, AwsError e, String resource)
            throws IOException {
        record(service, action, caller, e.status, e.code, resource);
        String requestId = UUID.randomUUID().toString();
        SimResponse res;
        switch (service) {
            case "eks" -> {
                ObjectNode n = json.createObjectNode().put("message", e.getMessage());
                res = SimResponse.json(e.status, n.toString());
                res.headers().put("x-amzn-ErrorType", e.code);
            }
            case "ec2" -> res = SimResponse.xml(e.status, new Xml().open("Response").open("Errors").open("Error")
                    .el("Code", e.code).el("Message", e.getMessage()).close("Error").close("Errors")
                    .el("RequestID", requestId).close("Response").toString());
            default -> res = SimResponse.xml(e.status, new Xml()
                    .openNs("ErrorResponse", service.equals("iam") ? IamApi.NS
                            : service.equals("cloudformation") ? CloudFormationApi.NS : StsApi.NS).open("Error")
                    .el("Type", e.status >= 500 ? "Receiver" : "Sender").el("Code", e.code).el("Message", e.getMessage())
                    .close("Error").el("RequestId", requestId).close("ErrorResponse").toString());
        }
        res.headers().put("x-amzn-RequestId", requestId);
        write(ex, res);
    }

    private void record(String service, String action, Caller caller, int status, String errorCode, String resource) {
        journal.record(new JournalEntry(clock.instant(), service, action,
                caller == null ? null : caller.accountId(), caller == null ? null : caller.arn(),
                caller == null ? null : caller.sourceIdentity(), caller == null ? Map.of() : caller.sessionTags(),
                status, errorCode, resource));
    }

    private void federation(HttpExchange ex, String rawPath, Map<String, String> params) throws IOException {
        String action = rawPath.equals("/console") ? "console" : params.getOrDefault("Action", "Unknown");
        try {
            ConsoleFederation.Outcome o = federation.handle(rawPath, params);
            Caller c = o.session() == null ? null : o.session().caller();
            record("signin", action, c, o.response().status(), null, o.session() == null ? null : o.session().role().name());
            write(ex, o.response());
        } catch (AwsError e) {
            record("signin", action, null, e.status, e.code, null);
            write(ex, SimResponse.json(e.status, json.createObjectNode().put("error", e.code).put("message", e.getMessage()).toString()));
        }
    }

    private static void write(HttpExchange ex, SimResponse res) throws IOException {
        ex.getResponseHeaders().set("Content-Type", res.contentType());
        res.headers().putIfAbsent("x-amzn-RequestId", UUID.randomUUID().toString());
        res.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(res.status(), res.body().length == 0 ? -1 : res.body().length);
        if (res.body().length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(res.body());
            }
        }
    }

    private void helper(HttpExchange ex, String rawPath, byte[] body) throws IOException {
        SimResponse res;
        if (rawPath.equals("/_sim/faults")) {
            res = FaultAdmin.handle(this, ex.getRequestMethod(), body, json);
        } else if (rawPath.equals("/_sim/health")) {
            ObjectNode n = json.createObjectNode().put("status", "UP").put("endpoint", endpoint().toString())
                    .put("transitionDelayMillis", transitionDelay.toMillis());
            ArrayNode accounts = n.putArray("accounts");
            directory.accounts().forEach(a -> accounts.addObject().put("id", a.id()).put("name", a.name()));
            res = SimResponse.json(200, n.toString());
        } else if (rawPath.equals("/_sim/journal")) {
            ArrayNode arr = json.createArrayNode();
            for (JournalEntry e : journal.entries()) {
                ObjectNode n = arr.addObject();
                n.put("at", e.at().toString()).put("service", e.service()).put("action", e.action())
                        .put("accountId", e.accountId()).put("principalArn", e.principalArn())
                        .put("sourceIdentity", e.sourceIdentity()).put("status", e.status()).put("errorCode", e.errorCode())
                        .put("resource", e.resource());
                ObjectNode tags = n.putObject("sessionTags");
                e.sessionTags().forEach(tags::put);
            }
            res = SimResponse.json(200, json.writerWithDefaultPrettyPrinter().writeValueAsString(arr));
        } else {
            res = SimResponse.json(404, "{\"message\":\"unknown simulator endpoint\"}");
        }
        write(ex, res);
    }

    private static void parseForm(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String kv : form.split("&")) {
            if (kv.isEmpty()) {
                continue;
            }
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(k, v);
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
