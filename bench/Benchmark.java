import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark of issue #13, run by bench/run.sh against local mode: signs in through the local IdP (as its login
 * page does), counts SELECTs per view (MariaDB Com_select around sequential requests, minus what the idle server
 * does in the same time), runs wrk on each URL and prints a Markdown table with the ratios to the plain servlets.
 * With {@code --sessions N} it also measures the heap per signed-in idle session (live heap before and after N
 * sign-ins, each with one page view).
 *
 * <p>{@code java -cp <test classpath> bench/Benchmark.java [--base URL] [--local .bench] [--duration 10s]
 * [--sessions 1000] [--only /orgs/globex/clusters,/admin] [--warmup 10s]}
 */
public class Benchmark {
  static String base = "http://127.0.0.1:8080";
  static Path local = Path.of(".bench");
  static String duration = "10s";
  static int sessions = 0;
  /** With {@code --warmup 10s}: wrk runs this long on each URL first, unrecorded (the JIT compiles the page's code). */
  static String warmup = null;
  /** Payara Micro's process (local mode's {@code payara.pid}), for its CPU time per request; null if unknown. */
  static String payaraPid = null;
  /** With {@code --only a,b}: only the URLs containing one of these (the two plain servlets are always measured). */
  static List<String> only = List.of();

  record Target(String label, String path, String user, int connections) {}

  record Result(Target target, double rps, double p50, double p99, long errors, double selects, double cpuMs) {}

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--base" -> base = args[++i];
        case "--local" -> local = Path.of(args[++i]);
        case "--duration" -> duration = args[++i];
        case "--sessions" -> sessions = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = args[++i];
        case "--only" -> only = List.of(args[++i].split(","));
        case "--cookie" -> {
          // for profiling by hand: sign in as this person and print the session cookie's value (for wrk -H 'Cookie: ...')
          System.out.println(signInPatiently(args[++i]));
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path pidFile = local.resolve("payara.pid");
    payaraPid = Files.isRegularFile(pidFile) && Files.isReadable(Path.of("/proc/" + Files.readString(pidFile).strip()
        + "/stat")) ? Files.readString(pidFile).strip() : null;
    Map<String, String> cookies = new LinkedHashMap<>();
    for (String user : List.of("gus", "olga")) {
      cookies.put(user, signInPatiently(user));
    }
    String css = primeFacesCss(cookies.get("gus"));
    List<Target> targets = List.of(
        new Target("`/health` (plain servlet)", "/health", null, 32),
        new Target("a PrimeFaces CSS file (Faces resource handler)", css, null, 32),
        new Target("`/bench/baseline?org=globex` (plain servlet, the clusters page's queries, JDBC)",
            "/bench/baseline?org=globex", "gus", 32),
        new Target("`/orgs` (gus)", "/orgs", "gus", 32),
        new Target("`/orgs/globex` (gus)", "/orgs/globex", "gus", 32),
        new Target("`/orgs/globex/clusters` (gus; 20 of 1,000+ clusters shown)", "/orgs/globex/clusters", "gus", 32),
        new Target("`/admin/orgs` (olga; 10,000+ organizations, 100,000+ clusters)", "/admin/orgs", "olga", 8),
        // issue #15: the operators' list of all clusters (first page, newest first), filtered, and per organization
        new Target("`/admin/clusters` (olga; first page of 100,000+ clusters)", "/admin/clusters", "olga", 8),
        new Target("`/admin/clusters?status=ACTIVE&placement=DEFAULT_ACCOUNT` (olga)",
            "/admin/clusters?status=ACTIVE&placement=DEFAULT_ACCOUNT", "olga", 8),
        new Target("`/admin/clusters/default-account` (olga; 10,000+ organizations)", "/admin/clusters/default-account",
            "olga", 8));

    try (Connection db = database()) {
      List<Result> results = new ArrayList<>();
      for (Target t : targets) {
        if (!only.isEmpty() && t.user() != null && !t.path().startsWith("/bench/baseline")
            && only.stream().noneMatch(t.path()::contains)) {
          continue;
        }
        String cookie = t.user() == null ? null : cookies.get(t.user());
        int status = get(t.path(), cookie);
        if (status != 200) {
          System.out.println("skipping " + t.path() + ": answered " + status);
          continue;
        }
        double selects = db == null ? Double.NaN : selectsPerView(db, t.path(), cookie);
        if (warmup != null && !warmup.equals("0")) {
          run(wrkCommand(t, cookie, warmup));
          warmUntilTheJitIsQuiet(t, cookie);
        }
        results.add(wrk(t, cookie, selects));
      }
      print(results);
      if (db != null) {
        explain(db);
      }
      if (sessions > 0) {
        heapPerSession(sessions);
      }
    }
  }

  /**
   * Signs in, trying again for up to a minute while the portal answers otherwise than with a redirect to sign-in
   * (right after the start, on a busy machine, its first look at the IdP's discovery document can time out: 503).
   */
  static String signInPatiently(String user) throws Exception {
    long until = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try {
        return signIn(user).orElseThrow();
      } catch (IllegalStateException e) {
        if (System.nanoTime() > until) {
          throw e;
        }
        System.out.println("(sign-in as " + user + " not ready: " + e.getMessage() + "; trying again)");
        Thread.sleep(2000);
      }
    }
  }

  /** Signs in through the local IdP; returns the session cookie's value. */
  static java.util.Optional<String> signIn(String user) throws Exception {
    CookieManager jar = new CookieManager();
    HttpClient client = HttpClient.newBuilder().cookieHandler(jar).followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<Void> start = client.send(HttpRequest.newBuilder(URI.create(base + "/orgs")).build(),
        HttpResponse.BodyHandlers.discarding());
    URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow(() ->
        new IllegalStateException("/orgs did not redirect to sign-in: " + start.statusCode())));
    String groups = switch (user) {
      case "gus" -> "globex-leads";
      case "olga" -> "roleport-operators";
      default -> throw new IllegalArgumentException(user);
    };
    String claims = "{\"sub\":\"" + user + "\",\"preferred_username\":\"" + user + "\",\"name\":\"" + user
        + "\",\"email\":\"" + user + "@example.test\",\"groups\":[\"" + groups + "\"]}";
    HttpResponse<Void> login = client.send(HttpRequest.newBuilder(authorize)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&claims="
            + URLEncoder.encode(claims, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.discarding());
    URI callback = URI.create(login.headers().firstValue("Location").orElseThrow());
    client.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.discarding());
    return jar.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
        .map(HttpCookie::getValue).findFirst();
  }

  static HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  static int get(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (cookie != null) {
      request.header("Cookie", "JSESSIONID=" + cookie);
    }
    return plain.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static String primeFacesCss(String cookie) throws Exception {
    String html = plain.send(HttpRequest.newBuilder(URI.create(base + "/orgs")).header("Cookie", "JSESSIONID="
        + cookie).build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("href=\"([^\"]*jakarta\\.faces\\.resource/[^\"]*\\.css[^\"]*ln=primefaces[^\"]*)\"")
        .matcher(html);
    if (!m.find()) {
      throw new IllegalStateException("no PrimeFaces stylesheet on /orgs");
    }
    return m.group(1).replace("&amp;", "&");
  }

  /** The local mode's database (its settings file), or null when it is not found. */
  static Connection database() throws Exception {
    Path settings = local.resolve("roleport.properties");
    if (!Files.isRegularFile(settings)) {
      System.out.println("(no " + settings + ": SELECTs per view are not counted)");
      return null;
    }
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(settings)) {
      p.load(in);
    }
    return DriverManager.getConnection(p.getProperty("roleport.db.url"), p.getProperty("roleport.db.user"),
        p.getProperty("roleport.db.password"));
  }

  static long comSelect(Connection db) throws Exception {
    try (ResultSet r = db.createStatement().executeQuery("show global status like 'Com_select'")) {
      r.next();
      return r.getLong(2);
    }
  }

  /** SELECTs per view: Com_select over 20 sequential views, minus what the idle server does in as long. */
  static double selectsPerView(Connection db, String path, String cookie) throws Exception {
    int views = 20;
    get(path, cookie);
    long before = comSelect(db);
    long t0 = System.nanoTime();
    for (int i = 0; i < views; i++) {
      get(path, cookie);
    }
    long elapsed = System.nanoTime() - t0;
    long during = comSelect(db) - before;
    long idleStart = comSelect(db);
    Thread.sleep(Math.max(1, elapsed / 1_000_000));
    long idle = comSelect(db) - idleStart;
    return Math.max(0, during - idle) / (double) views;
  }

  static List<String> wrkCommand(Target t, String cookie, String forHowLong) {
    List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + t.connections(), "-d" + forHowLong,
        "--latency"));
    if (cookie != null) {
      command.addAll(List.of("-H", "Cookie: JSESSIONID=" + cookie));
    }
    command.add(base + t.path());
    return command;
  }

  static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      out = String.join("\n", in.lines().toList());
    }
    process.waitFor();
    return out;
  }

  /**
   * Payara Micro's CPU time so far (user + system, /proc/pid/stat, in clock ticks of 10 ms), or -1. CPU per request
   * depends much less than req/s on what else the machine runs: it is the figure to compare on a shared machine.
   */
  static long cpuTicks() {
    return payaraPid == null ? -1 : ticks(Path.of("/proc/" + payaraPid + "/stat"));
  }

  /** User + system time (fields 14 and 15) of a /proc stat file, in clock ticks, or -1. */
  static long ticks(Path stat) {
    try {
      String line = Files.readString(stat);
      String[] f = line.substring(line.lastIndexOf(')') + 2).split(" "); // the name in parentheses may hold spaces
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (Exception e) {
      return -1;
    }
  }

  /**
   * CPU time so far of Payara's JIT compiler threads (C1 and C2), in clock ticks, or -1. On two cores the compiler is
   * still at work for about five minutes of load on the pages (docs/performance.md, eighth run), so its time is
   * measured apart: it is not what a view costs once warm.
   */
  static long jitTicks() {
    if (payaraPid == null) {
      return -1;
    }
    long sum = 0;
    try (var tasks = Files.list(Path.of("/proc/" + payaraPid + "/task"))) {
      for (Path task : tasks.toList()) {
        String name = Files.isReadable(task.resolve("comm")) ? Files.readString(task.resolve("comm")) : "";
        long t = name.contains("CompilerThre") ? ticks(task.resolve("stat")) : 0;
        sum += Math.max(0, t);
      }
    } catch (Exception e) {
      return -1;
    }
    return sum;
  }

  /**
   * After the fixed warm-up: more load on the URL, 20 s at a time, until the JIT compiler used less than 1 s of CPU in
   * the last 20 s (at most 10 minutes more), so that the figures measure compiled code.
   */
  static void warmUntilTheJitIsQuiet(Target t, String cookie) throws Exception {
    long until = System.nanoTime() + 600_000_000_000L;
    while (jitTicks() >= 0 && System.nanoTime() < until) {
      long before = jitTicks();
      run(wrkCommand(t, cookie, "20s"));
      long used = jitTicks() - before;
      if (used < 100) {
        return;
      }
      System.out.printf("  (%s: the JIT compiler still used %.1f s of CPU in 20 s; warming on)%n", t.path(), used / 100.0);
    }
  }

  static Result wrk(Target t, String cookie, double selects) throws Exception {
    long cpuBefore = cpuTicks();
    long jitBefore = jitTicks();
    String out = run(wrkCommand(t, cookie, duration));
    long cpuAfter = cpuTicks();
    long jit = jitBefore < 0 ? 0 : jitTicks() - jitBefore; // the compiler's share is not the view's
    double requests = number(out, "(\\d+) requests in");
    double cpuMs = cpuBefore < 0 || cpuAfter < 0 || !(requests > 0) ? Double.NaN
        : (cpuAfter - cpuBefore - jit) * 10.0 / requests;
    double rps = number(out, "Requests/sec:\\s+([0-9.]+)");
    double p50 = millis(out, "50%");
    double p99 = millis(out, "99%");
    Matcher errors = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
    long failed = errors.find() ? Long.parseLong(errors.group(1)) : 0;
    return new Result(t, rps, p50, p99, failed, selects, cpuMs);
  }

  static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  static double millis(String text, String percentile) {
    Matcher m = Pattern.compile("\\s" + percentile + "\\s+([0-9.]+)(us|ms|s)\\b").matcher(text);
    if (!m.find()) {
      return Double.NaN;
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }

  static void print(List<Result> results) {
    double health = results.stream().filter(r -> r.target().path().equals("/health")).mapToDouble(Result::rps)
        .findFirst().orElse(Double.NaN);
    double baseline = results.stream().filter(r -> r.target().path().startsWith("/bench/baseline"))
        .mapToDouble(Result::rps).findFirst().orElse(Double.NaN);
    System.out.printf("%nwrk -t2, %s per URL (after %s unrecorded), one run, signed in with a session cookie;"
        + " Payara's CPU without its JIT compiler threads%n%n",
        duration, warmup == null || warmup.equals("0") ? "nothing" : warmup + " and until the JIT compiler was quiet");
    double baselineCpu = results.stream().filter(r -> r.target().path().startsWith("/bench/baseline"))
        .mapToDouble(Result::cpuMs).findFirst().orElse(Double.NaN);
    System.out.println("| URL | connections | req/s | p50 | p99 | non-2xx | SELECTs per view | vs /health | vs baseline"
        + " | Payara CPU per request | baseline's CPU per request / this one's |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (Result r : results) {
      System.out.printf("| %s | %d | %,.0f | %.1f ms | %.1f ms | %d | %s | %.0f %% | %s | %s | %s |%n",
          r.target().label(), r.target().connections(), r.rps(), r.p50(), r.p99(), r.errors(),
          Double.isNaN(r.selects()) ? "-" : String.format("%.1f", r.selects()), 100 * r.rps() / health,
          r.target().user() == null ? "" : String.format("%.0f %%", 100 * r.rps() / baseline),
          Double.isNaN(r.cpuMs()) ? "-" : String.format("%.2f ms", r.cpuMs()),
          r.target().user() == null || Double.isNaN(r.cpuMs()) ? "" : String.format("%.0f %%",
              100 * baselineCpu / r.cpuMs()));
    }
    results.stream().filter(r -> r.target().path().equals("/orgs/globex/clusters")).findFirst().ifPresent(r ->
        System.out.printf("%nGoal: clusters page >= 25 %% of the baseline servlet and p99 < 100 ms at 32 connections:"
            + " %.0f %%, p99 %.1f ms (by CPU per request: %.0f %%)%n", 100 * r.rps() / baseline, r.p99(),
            100 * baselineCpu / r.cpuMs()));
    results.stream().filter(r -> r.target().path().equals("/admin/orgs")).findFirst().ifPresent(r ->
        System.out.printf("Goal: /admin/orgs p99 < 300 ms at 8 connections: p99 %.1f ms%n", r.p99()));
    results.stream().filter(r -> r.target().path().equals("/admin/clusters")).findFirst().ifPresent(r ->
        System.out.printf("Goal: /admin/clusters p99 < 300 ms at 8 connections: p99 %.1f ms%n", r.p99()));
  }

  /** The plans of the statements the pages make (as EclipseLink sends them), at the seeded size. */
  static void explain(Connection db) throws Exception {
    long globex;
    try (ResultSet r = db.createStatement().executeQuery("select id from organization where slug = 'globex'")) {
      r.next();
      globex = r.getLong(1);
    }
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("guard: organization, bindings, caller's roles", "select t0.id, t1.account_id, t2.tenant_id, t3.role"
        + " from organization t0 left join aws_binding t1 on t1.org_id = t0.id left join azure_binding t2 on"
        + " t2.org_id = t0.id left join group_mapping t3 on t3.org_id = t0.id and t3.group_name in ('globex-leads')"
        + " where t0.slug = 'globex'");
    queries.put("a person's organizations, first page", "select t0.id, t0.name from organization t0 where exists"
        + " (select 1 from group_mapping t1 where t1.org_id = t0.id and t1.group_name in ('globex-leads') and"
        + " t1.role <> 'THIRD_PARTY') order by t0.name, t0.id limit 0, 20");
    queries.put("a person's organizations, count", "select count(t0.id) from organization t0 where exists"
        + " (select 1 from group_mapping t1 where t1.org_id = t0.id and t1.group_name in ('globex-leads') and"
        + " t1.role <> 'THIRD_PARTY')");
    queries.put("all organizations, first page (operators)", "select t0.id, t0.name from organization t0"
        + " order by t0.name, t0.id limit 0, 20");
    queries.put("clusters page", "select t0.id, t0.name, t1.slug from cluster t0 join organization t1 on"
        + " t1.id = t0.org_id where t0.org_id = " + globex + " order by t0.created_at desc, t0.id desc limit 0, 20");
    queries.put("live clusters by placement", "select placement_kind, count(id) from cluster where org_id = "
        + globex + " and status <> 'DELETED' group by placement_kind");
    queries.put("live tick: changing rows", "select t0.id, t0.status from cluster t0 join organization t1 on"
        + " t1.id = t0.org_id where t0.org_id = " + globex + " and t0.id in (1, 2)");
    queries.put("inventory page", "select o.slug, o.name, o.kind, p.slug, b.account_id, (select count(*) from"
        + " cluster c where c.org_id = o.id and c.status <> 'DELETED') from organization o left join organization p"
        + " on p.id = o.parent_id left join aws_binding b on b.org_id = o.id order by o.name, o.id limit 25 offset 0");
    // issue #15: the operators' views (as JpaInstallationRepository sends them)
    String allClusters = "select c.id, o.slug, o.name, c.name, c.status from cluster c join organization o on"
        + " o.id = c.org_id";
    queries.put("all clusters, first page (live, newest first)", allClusters + " where c.status <> 'DELETED'"
        + " order by c.created_at desc, c.id desc limit 25 offset 0");
    queries.put("all clusters, count (live)", "select count(*) from cluster c where c.status <> 'DELETED'");
    queries.put("all clusters, active in the default account, first page", allClusters + " where c.status = 'ACTIVE'"
        + " and c.placement_kind = 'DEFAULT_ACCOUNT' order by c.created_at desc, c.id desc limit 25 offset 0");
    queries.put("all clusters of one organization, first page", allClusters + " where o.slug = 'globex' and"
        + " c.status <> 'DELETED' order by c.created_at desc, c.id desc limit 25 offset 0");
    queries.put("all clusters by account, first page", allClusters + " where c.placement_account = '333333333333'"
        + " and c.status <> 'DELETED' order by c.created_at desc, c.id desc limit 25 offset 0");
    String inDefault = "exists (select 1 from cluster c where c.org_id = o.id and c.placement_kind = 'DEFAULT_ACCOUNT'"
        + " and c.status <> 'DELETED')";
    queries.put("default account per organization, first page", "select o.slug, o.name, b.account_id,"
        + " az.subscription_id, (select count(*) from cluster c where c.org_id = o.id and c.placement_kind ="
        + " 'DEFAULT_ACCOUNT' and c.status <> 'DELETED') from organization o left join aws_binding b on b.org_id = o.id"
        + " left join azure_binding az on az.org_id = o.id where " + inDefault + " order by o.name, o.id limit 25"
        + " offset 0");
    queries.put("default account per organization, count", "select count(*) from organization o where " + inDefault);
    System.out.printf("%nEXPLAIN at the seeded size (table: access type, key, rows examined, extra)%n%n");
    for (var q : queries.entrySet()) {
      StringBuilder plan = new StringBuilder();
      try (ResultSet r = db.createStatement().executeQuery("explain " + q.getValue())) {
        while (r.next()) {
          plan.append(plan.length() == 0 ? "" : "; ").append(r.getString("table")).append(": ")
              .append(r.getString("type")).append(", ").append(r.getString("key")).append(", ")
              .append(r.getString("rows")).append(r.getString("Extra") == null ? "" : ", " + r.getString("Extra"));
        }
      }
      System.out.printf("- %s: %s%n", q.getKey(), plan);
    }
  }

  /** Live heap (after a full GC, jmap -histo:live) before and after {@code n} signed-in sessions with one view each. */
  static void heapPerSession(int n) throws Exception {
    String pid = Files.readString(local.resolve("payara.pid")).strip();
    long before = liveHeap(pid);
    List<String> keep = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String cookie = signIn("gus").orElseThrow();
      get("/orgs/globex/clusters", cookie);
      keep.add(cookie);
    }
    long after = liveHeap(pid);
    System.out.printf("%nHeap per signed-in idle session (one view of /orgs/globex/clusters each): %,d sessions,"
        + " live heap %,d -> %,d bytes: %,.1f KB per session%n", keep.size(), before, after,
        (after - before) / 1024.0 / keep.size());
  }

  static long liveHeap(String pid) throws Exception {
    Process jmap = new ProcessBuilder("jmap", "-histo:live", pid).redirectErrorStream(true).start();
    String out;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(jmap.getInputStream(), StandardCharsets.UTF_8))) {
      out = String.join("\n", in.lines().toList());
    }
    jmap.waitFor();
    Matcher total = Pattern.compile("Total\\s+\\d+\\s+(\\d+)").matcher(out);
    if (!total.find()) {
      throw new IllegalStateException("jmap gave no total: " + out.substring(0, Math.min(500, out.length())));
    }
    return Long.parseLong(total.group(1));
  }
}
