package io.roleport.web.routing;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One page of the URL tree and the view that renders it. The slug and cluster id in the URL become
 * request attributes the backing beans read.
 */
public enum Route {
  ORGANIZATIONS("/orgs", "orgs"),
  THIRD_PARTY_HOME("/tp/([a-z0-9-]+)", "tp/home"),
  THIRD_PARTY_CLUSTER("/tp/([a-z0-9-]+)/clusters/(\\d{1,18})", "tp/cluster"),
  THIRD_PARTY_KUBECONFIG("/tp/([a-z0-9-]+)/clusters/(\\d{1,18})/kubeconfig", null),
  KUBECONFIG("/orgs/([a-z0-9-]+)/clusters/(\\d{1,18})/kubeconfig", null),
  ORGANIZATION("/orgs/([a-z0-9-]+)", "org"),
  AWS_ONBOARDING("/orgs/([a-z0-9-]+)/onboarding/aws", "onboarding-aws"),
  AZURE_ONBOARDING("/orgs/([a-z0-9-]+)/onboarding/azure", "onboarding-azure"),
  MEMBERS("/orgs/([a-z0-9-]+)/members", "members"),
  AUDIT("/orgs/([a-z0-9-]+)/audit", "audit"),
  SUPPORT("/orgs/([a-z0-9-]+)/support", "support"),
  CLUSTERS("/orgs/([a-z0-9-]+)/clusters", "clusters"),
  ACCOUNT_ACCESS("/orgs/([a-z0-9-]+)/access", "account-access"),
  NEW_CLUSTER("/orgs/([a-z0-9-]+)/clusters/new", "cluster-new"),
  CLUSTER("/orgs/([a-z0-9-]+)/clusters/(\\d{1,18})", "cluster"),
  ADMIN_INVENTORY("/admin/orgs", "admin/orgs"),
  ADMIN_AUDIT("/admin/audit", "admin/audit"),
  ADMIN_ISV_REQUESTS("/admin/isv-requests", "admin/isv-requests"),
  // --- operator views (issue #15) ---
  ADMIN_CLUSTERS("/admin/clusters", "admin/clusters"),
  ADMIN_DEFAULT_ACCOUNT("/admin/clusters/default-account", "admin/default-account"),
  ADMIN_ORPHANS("/admin/orphans", "admin/orphans"),
  WEBHOOKS("/orgs/([a-z0-9-]+)/webhooks", "webhooks");

  public static final String SLUG = "roleport.slug";
  public static final String CLUSTER_ID = "roleport.clusterId";
  public static final String PATH = "roleport.path";
  /** The cluster (and its latest operation) the router read for a cluster's URL, for the page to show. */
  public static final String CLUSTER_DETAIL = "roleport.clusterDetail";

  private final Pattern pattern;
  private final String view;

  Route(String pattern, String view) {
    this.pattern = Pattern.compile(pattern + "/?");
    this.view = view;
  }

  /** Whether the URL belongs to the third-party area (its own shell, its own guard). */
  public boolean thirdPartyArea() {
    return name().startsWith("THIRD_PARTY");
  }

  /** Whether the URL belongs to the operator views (platform operators; the inventory also for support). */
  public boolean adminArea() {
    return name().startsWith("ADMIN_");
  }

  /** Whether the URL is a file download rather than a page. */
  public boolean download() {
    return view == null;
  }

  public String viewPath() {
    return "/WEB-INF/views/" + view + ".xhtml";
  }

  /** The route a path names, with its slug and cluster id. */
  public static Optional<Match> match(String path) {
    for (Route route : values()) {
      Matcher m = route.pattern.matcher(path);
      if (m.matches()) {
        String slug = m.groupCount() >= 1 ? m.group(1) : null;
        Long clusterId = m.groupCount() >= 2 ? Long.valueOf(m.group(2)) : null;
        return Optional.of(new Match(route, slug, clusterId));
      }
    }
    return Optional.empty();
  }

  /** A matched URL. */
  public record Match(Route route, String slug, Long clusterId) {}
}
