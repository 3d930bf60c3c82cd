package io.roleport.bench;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The benchmark's yardstick, never part of the production WAR (bench/run.sh adds it to a copy): a plain servlet that
 * runs the cluster list's queries with JDBC (the organization by slug with its count of live clusters, one page of 20
 * clusters newest first; like the list, without deleted clusters) and writes the same rows as an HTML table. Like the
 * portal's pages it sits behind the sign-in.
 * {@code GET /bench/baseline?org=globex}
 */
@WebServlet("/bench/baseline")
public class BaselineServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Resource(lookup = "java:app/jdbc/roleport")
  private DataSource dataSource;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String slug = request.getParameter("org");
    response.setContentType("text/html;charset=UTF-8");
    try (Connection db = dataSource.getConnection()) {
      long orgId;
      String name;
      long count;
      try (PreparedStatement org = db.prepareStatement("select id, name, live_cluster_count from organization"
          + " where slug = ?")) {
        org.setString(1, slug);
        try (ResultSet r = org.executeQuery()) {
          if (!r.next()) {
            response.sendError(404);
            return;
          }
          orgId = r.getLong(1);
          name = r.getString(2);
          count = r.getLong(3);
        }
      }
      PrintWriter out = response.getWriter();
      out.append("<!DOCTYPE html><html lang=\"en\"><head><title>Clusters: ").append(escape(name))
          .append("</title></head><body><h1>Clusters: ").append(escape(name)).append("</h1><table><thead><tr>")
          .append("<th>Name</th><th>Status</th><th>Region</th><th>Version</th><th>Placement</th></tr></thead><tbody>");
      try (PreparedStatement page = db.prepareStatement("select id, name, status, region, kubernetes_version,"
          + " placement_kind, placement_account from cluster where org_id = ? and status <> 'DELETED'"
          + " order by created_at desc, id desc"
          + " limit 20 offset 0")) {
        page.setLong(1, orgId);
        try (ResultSet r = page.executeQuery()) {
          while (r.next()) {
            out.append("<tr><td><a href=\"/orgs/").append(escape(slug)).append("/clusters/").append(r.getString(1))
                .append("\">").append(escape(r.getString(2))).append("</a></td><td><span class=\"badge badge-")
                .append(r.getString(3)).append("\">").append(escape(r.getString(3))).append("</span></td><td>")
                .append(escape(r.getString(4))).append("</td><td>").append(escape(r.getString(5))).append("</td><td>")
                .append(escape(r.getString(6))).append(" <code>").append(escape(r.getString(7)))
                .append("</code></td></tr>");
          }
        }
      }
      out.append("</tbody></table><p>").append(String.valueOf(count)).append(" clusters</p></body></html>");
    } catch (SQLException e) {
      throw new IOException(e);
    }
  }

  private static String escape(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
