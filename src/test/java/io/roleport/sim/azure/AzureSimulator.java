package io.roleport.sim.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.roleport.sim.Journal;
import io.roleport.sim.JournalEntry;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Azure cloud simulator: one local <b>HTTPS</b> port serving the Entra ID token endpoint and the parts of Azure
 * Resource Manager Roleport uses (subscriptions, resource groups, AKS managed clusters with long-running operations),
 * the way the real Azure SDK for Java (azure-identity / MSAL, azure-resourcemanager-*) expects them. Test-side only.
 *
 * <p>Its TLS certificate is self-signed and generated at every start; {@link #trustStore()} is a PKCS12 truststore
 * (the JDK's {@code cacerts} plus that certificate) and {@link #sslContext()} a ready client context. Every call lands
 * in the {@link Journal} (services {@code entra} and {@code arm}). See {@code docs/simulator-azure.md}.
 */
public final class AzureSimulator implements AutoCloseable {

    private static final Method RECORD;

    static {
        try {
            RECORD = Journal.class.getDeclaredMethod("record", JournalEntry.class);
            RECORD.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final HttpsServer server;
    private final ExecutorService executor;
    private final Clock clock = Clock.systemUTC();
    private final ObjectMapper json = new ObjectMapper();
    private final AzureDirectory directory;
    private final SimCertificate certificate;
    private final Journal journal = new Journal();
    private final List<Fault> faults = new ArrayList<>();
    private final EntraApi entra;
    private final ArmApi arm;
    private final AksKubeApi aks;
    private volatile Duration operationDelay;

    private record Fault(String service, String operation, int status, String code, AtomicInteger remaining) {
    }

    private AzureSimulator(int port, Path seedJson, Path trustStoreDir) throws IOException {
        this.directory = AzureDirectory.load(seedJson, json);
        this.operationDelay = directory.operationDelay;
        this.certificate = SimCertificate.create(trustStoreDir);
        this.entra = new EntraApi(directory, json, clock);
        this.arm = new ArmApi(directory, json, clock, () -> operationDelay);
        this.aks = new AksKubeApi(arm, entra, directory, json, clock);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "azure-sim-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts a simulator on 127.0.0.1 with its truststore in a new temporary folder.
     *
     * @param port     the port, or 0 for any free port
     * @param seedJson the seed (tenants, subscriptions, apps; see docs/simulator-azure.md)
     */
    public static AzureSimulator start(int port, Path seedJson) throws IOException {
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))); // may not exist yet in a clean build
        return start(port, seedJson, Files.createTempDirectory("azure-sim-trust"));
    }

    /** As {@link #start(int, Path)}, writing the truststore into {@code trustStoreDir} (created if missing). */
    public static AzureSimulator start(int port, Path seedJson, Path trustStoreDir) throws IOException {
        return new AzureSimulator(port, seedJson, trustStoreDir);
    }

    /** {@code https://127.0.0.1:<port>}: the authority host and the resource manager endpoint. */
    public URI endpoint() {
        return URI.create("https://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The PKCS12 truststore (JDK cacerts + this simulator's certificate). */
    public Path trustStore() {
        return certificate.trustStore;
    }

    public char[] trustStorePassword() {
        return SimCertificate.TRUSTSTORE_PASSWORD.toCharArray();
    }

    /** A client TLS context trusting the JDK's CAs and this simulator. */
    public SSLContext sslContext() {
        return certificate.clientContext;
    }

    public Journal journal() {
        return journal;
    }

    /** How long AKS create/update/delete and resource-group delete operations run, for operations started from now on. */
    public void setOperationDelay(Duration delay) {
        this.operationDelay = delay;
    }

    /**
     * The next {@code times} calls of {@code operation} on {@code service} ({@code "entra"} or {@code "arm"}; operation
     * names as in the journal, {@code "*"} for any) fail with {@code status} and {@code errorCode}, after
     * authentication. E.g. {@code injectFault("arm", "PutManagedCluster", 429, "TooManyRequests", 2)}.
     */
    public void injectFault(String service, String operation, int status, String errorCode, int times) {
        if (status < 400 || times <= 0) {
            throw new IllegalArgumentException("A fault needs an error status (>= 400) and times > 0");
        }
        synchronized (faults) {
            faults.add(new Fault(service, operation, status, errorCode, new AtomicInteger(times)));
        }
    }

    /**
     * Adds a federated identity credential to an app of the seed (tests whose OIDC issuer's URL is only known at run
     * time, e.g. an in-process mock-oauth2-server).
     */
    public void addFederatedCredential(String tenantId, String clientId, String issuer, String subject, String audience) {
        AzureDirectory.App app = directory.tenant(tenantId).map(t -> t.apps().get(AzureDirectory.key(clientId)))
                .orElseThrow(() -> new IllegalArgumentException("No app " + clientId + " in tenant " + tenantId));
        synchronized (app) {
            // Entra ID's rules for federated identity credentials: issuer + subject unique per app, at most 20
            if (app.federatedCredentials().stream().anyMatch(f -> f.issuer().equals(issuer) && f.subject().equals(subject))) {
                throw new IllegalArgumentException("FederatedIdentityCredential with issuer '" + issuer + "' and subject '"
                        + subject + "' already exists for this application.");
            }
            if (app.federatedCredentials().size() >= 20) {
                throw new IllegalArgumentException("An application can have at most 20 federated identity credentials.");
            }
            app.federatedCredentials().add(new AzureDirectory.FederatedCredential("added-" + app.federatedCredentials().size(),
                    issuer, subject, List.of(audience)));
        }
    }

    /**
     * Adds a person to a tenant, with a password (for the ROPC sign-in kubelogin's {@code --login ropc} uses) and the
     * object ids of the tenant's groups they belong to; returns their object id.
     */
    public String addUser(String tenantId, String userPrincipalName, String password, List<String> groupObjectIds) {
        return directory.addUser(tenantId, userPrincipalName, password, groupObjectIds).objectId();
    }

    /**
     * The Kubernetes API of the AKS cluster {@code subscription/resourceGroup/name} on this simulator (a real cluster
     * answers at its FQDN, which the simulator's clusters have but which does not resolve here); its TLS certificate is
     * {@link #certificatePem()}.
     */
    public URI aksApiEndpoint(String subscription, String resourceGroup, String name) {
        return URI.create(endpoint() + "/" + AksKubeApi.PREFIX + "/" + subscription + "/" + resourceGroup + "/" + name);
    }

    /** This simulator's self-signed TLS certificate (PEM), for a kubeconfig's certificate-authority-data. */
    public String certificatePem() {
        return certificate.pem();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * Standalone: {@code --port 4567 --seed config/simulator-seed-azure.json --truststore-dir .local/azure}; prints
     * the endpoint and the truststore and runs until killed.
     */
    public static void main(String[] args) throws Exception {
        int port = 4567;
        Path seed = Path.of("config/simulator-seed-azure.json");
        Path trustDir = Path.of(".local/azure");
        for (int i = 0; i < args.length - 1; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Path.of(args[++i]);
                case "--truststore-dir" -> trustDir = Path.of(args[++i]);
                default -> { }
            }
        }
        AzureSimulator sim = start(port, seed, trustDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }));
        System.out.println("Azure cloud simulator listening on " + sim.endpoint() + " (seed " + seed.toAbsolutePath() + ")");
        System.out.println("Truststore: " + sim.trustStore() + " (PKCS12, password " + SimCertificate.TRUSTSTORE_PASSWORD + ")");
        stopped.await();
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String rawPath = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            if (rawPath.startsWith("/_sim/")) {
                helper(ex, rawPath);
                return;
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (rawPath.startsWith("/" + AksKubeApi.PREFIX + "/")) {
                AksKubeApi.Answer answer;
                try {
                    answer = aks.handle(method, rawPath, ex.getRequestURI().getRawQuery(),
                            ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Accept"), body);
                } catch (RuntimeException e) {
                    answer = new AksKubeApi.Answer(500, json.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                            .put("status", "Failure").put("message", "simulator failure: " + e).put("code", 500));
                }
                record("aks", method + " " + rawPath.replaceFirst("^/aks/[^/]+/[^/]+/[^/]+", ""), rawPath.split("/")[2],
                        null, answer.status(), answer.status() >= 400 ? answer.body().path("reason").asText(null) : null);
                write(ex, Reply.json(answer.status(), answer.body()));
                return;
            }
            String[] segs = Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty())
                    .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toArray(String[]::new);
            Map<String, String> query = new LinkedHashMap<>();
            parseForm(ex.getRequestURI().getRawQuery(), query);
            String base = endpoint().toString();
            boolean isArm = segs.length > 0 && segs[0].equalsIgnoreCase("subscriptions");
            String service = isArm ? "arm" : "entra";
            String operation = "Unknown";
            Caller[] caller = new Caller[1];
            String account = null;
            try {
                Reply reply;
                if (isArm) {
                    ArmApi.Route route = ArmApi.route(method, segs);
                    if (route != null) {
                        operation = route.operation();
                        account = route.subscription();
                    }
                    caller[0] = entra.verifyAccessToken(ex.getRequestHeaders().getFirst("Authorization"));
                    if (route == null) {
                        throw AzureError.arm(404, "InvalidResourceType", "The simulator has no operation for " + method + " " + rawPath);
                    }
                    fault("arm", operation);
                    reply = arm.execute(route, rawPath, query, body, caller[0], base);
                } else {
                    operation = entraOperation(method, segs);
                    reply = switch (operation) {
                        case "Token" -> {
                            Map<String, String> form = new LinkedHashMap<>();
                            parseForm(new String(body, StandardCharsets.UTF_8), form);
                            String tenant = segs[0];
                            Reply r = entra.token(tenant, form, caller, () -> fault("entra", "Token"));
                            yield r;
                        }
                        case "OpenIdConfiguration" -> entra.openIdConfiguration(base, segs[0]);
                        case "Keys" -> entra.keys();
                        case "InstanceDiscovery" -> entra.instanceDiscovery(base);
                        default -> throw AzureError.entra(404, "invalid_request", 900023, "The simulator has no endpoint "
                                + method + " " + rawPath);
                    };
                }
                record(service, operation, account != null ? account : caller[0] == null ? null : caller[0].tenantId(),
                        caller[0], reply.status(), null);
                write(ex, reply);
            } catch (AzureError e) {
                record(service, operation, account != null ? account : caller[0] == null ? null : caller[0].tenantId(),
                        caller[0], e.status, e.code);
                write(ex, errorReply(e));
            } catch (RuntimeException e) {
                record(service, operation, account, caller[0], 500, "InternalServerError");
                AzureError err = isArm ? AzureError.arm(500, "InternalServerError", "Simulator failure: " + e)
                        : AzureError.entra(500, "server_error", 90033, "Simulator failure: " + e);
                write(ex, errorReply(err));
            }
        }
    }

    private static String entraOperation(String method, String[] segs) {
        String path = String.join("/", segs).toLowerCase(java.util.Locale.ROOT);
        if (segs.length == 4 && method.equals("POST") && path.endsWith("/oauth2/v2.0/token")) {
            return "Token";
        }
        if (method.equals("GET") && (path.endsWith("/v2.0/.well-known/openid-configuration") && segs.length == 4
                || path.endsWith("/.well-known/openid-configuration") && segs.length == 3)) {
            return "OpenIdConfiguration";
        }
        if (method.equals("GET") && segs.length == 4 && path.endsWith("/discovery/v2.0/keys")) {
            return "Keys";
        }
        if (method.equals("GET") && path.equals("common/discovery/instance")) {
            return "InstanceDiscovery";
        }
        return "Unknown";
    }

    /** Throws the next pending injected fault for this operation, if any. */
    private void fault(String service, String operation) {
        Fault hit = null;
        synchronized (faults) {
            for (Fault f : faults) {
                if (f.service().equals(service) && (f.operation().equals("*") || f.operation().equals(operation))
                        && f.remaining().get() > 0) {
                    f.remaining().decrementAndGet();
                    hit = f;
                    break;
                }
            }
            faults.removeIf(f -> f.remaining().get() <= 0);
        }
        if (hit != null) {
            AzureError e = service.equals("arm") ? AzureError.arm(hit.status(), hit.code(), "Injected fault: " + hit.code())
                    : AzureError.entra(hit.status(), hit.code(), 90033, "Injected fault: " + hit.code());
            if (hit.status() == 429 || hit.status() == 503) {
                e.header("Retry-After", "1");
            }
            throw e;
        }
    }

    private Reply errorReply(AzureError e) {
        ObjectNode o = json.createObjectNode();
        if (e.isEntra()) {
            String trace = UUID.randomUUID().toString();
            String correlation = UUID.randomUUID().toString();
            Instant now = clock.instant();
            o.put("error", e.code);
            o.put("error_description", e.getMessage() + " Trace ID: " + trace + " Correlation ID: " + correlation
                    + " Timestamp: " + now);
            o.putArray("error_codes").add(e.aadsts);
            o.put("timestamp", now.toString());
            o.put("trace_id", trace);
            o.put("correlation_id", correlation);
            o.put("error_uri", endpoint() + "/error?code=" + e.aadsts);
        } else {
            ObjectNode err = o.putObject("error");
            err.put("code", e.code);
            err.put("message", e.getMessage());
        }
        Reply r = Reply.json(e.status, o);
        e.headers.forEach(r::header);
        return r;
    }

    private void record(String service, String operation, String account, Caller caller, int status, String errorCode) {
        Map<String, String> tags = caller == null || caller.tenantId() == null ? Map.of() : Map.of("tenantId", caller.tenantId());
        JournalEntry entry = new JournalEntry(clock.instant(), service, operation, account,
                caller == null ? null : caller.clientId(), null, tags, status, errorCode);
        try {
            RECORD.invoke(journal, entry);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot record in the journal", e);
        }
    }

    private void helper(HttpExchange ex, String rawPath) throws IOException {
        if (rawPath.equals("/_sim/health")) {
            ObjectNode o = json.createObjectNode();
            o.put("status", "UP");
            o.put("endpoint", endpoint().toString());
            o.put("trustStore", trustStore().toString());
            ArrayNode tenants = o.putArray("tenants");
            directory.tenants().forEach(t -> tenants.add(t.id()));
            ArrayNode subs = o.putArray("subscriptions");
            directory.subscriptions().forEach(s -> subs.add(s.id()));
            arm.counts().forEach(o::put);
            write(ex, Reply.json(200, o));
        } else if (rawPath.equals("/_sim/journal")) {
            ArrayNode a = json.createArrayNode();
            for (JournalEntry e : journal.entries()) {
                ObjectNode n = a.addObject();
                n.put("at", e.at().toString());
                n.put("service", e.service());
                n.put("action", e.action());
                n.put("accountId", e.accountId());
                n.put("principal", e.principalArn());
                n.put("tenantId", e.sessionTags().get("tenantId"));
                n.put("status", e.status());
                n.put("errorCode", e.errorCode());
            }
            write(ex, Reply.json(200, a));
        } else if (rawPath.equals("/_sim/federated-credentials") && ex.getRequestMethod().equals("POST")) {
            // what a customer admin's `az ad app federated-credential create` does (Graph), for tests outside this JVM
            try (InputStream in = ex.getRequestBody()) {
                var body = json.readTree(in);
                var audiences = body.path("audiences");
                addFederatedCredential(body.path("tenantId").asText(), body.path("clientId").asText(),
                        body.path("issuer").asText(), body.path("subject").asText(),
                        audiences.isArray() && audiences.size() > 0 ? audiences.get(0).asText() : EntraApi.EXCHANGE_AUDIENCE);
                write(ex, Reply.json(201, body));
            } catch (IllegalArgumentException | IOException e) {
                ObjectNode o = json.createObjectNode();
                ObjectNode err = o.putObject("error");
                err.put("code", "Request_BadRequest");
                err.put("message", e.getMessage());
                write(ex, Reply.json(400, o));
            }
        } else {
            write(ex, Reply.text(404, "Unknown helper " + rawPath));
        }
    }

    private static void write(HttpExchange ex, Reply reply) throws IOException {
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.getResponseHeaders().set("x-ms-request-id", UUID.randomUUID().toString());
        boolean noBody = reply.body().length == 0 || ex.getRequestMethod().equals("HEAD") || reply.status() == 204;
        ex.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    private static void parseForm(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(k, v);
        }
    }
}
