package io.roleport.web.clusters;

import io.roleport.web.shell.WrittenComponent;
import jakarta.faces.component.FacesComponent;
import jakarta.faces.context.FacesContext;
import java.io.IOException;
import java.util.List;
import org.owasp.encoder.Encode;

/**
 * {@code <rp:clusterRows value="#{rows}"/>}: the rows of the cluster list ({@code <tr>} per {@link ClusterRow}, for
 * the table's {@code <tbody>}), written as one piece of HTML with every value escaped (OWASP Java Encoder). A
 * {@code ui:repeat} of the same cells passed each element, attribute and text through the response writer and
 * evaluated eight expressions per row: a fifth of what a view of the list cost (docs/performance.md, ninth run).
 */
@FacesComponent(ClusterRows.TYPE)
public class ClusterRows extends WrittenComponent {
  public static final String TYPE = "io.roleport.ClusterRows";

  @Override
  public void encodeBegin(FacesContext context) throws IOException {
    @SuppressWarnings("unchecked")
    List<ClusterRow> rows = (List<ClusterRow>) getAttributes().get("value");
    context.getResponseWriter().write(html(rows == null ? List.of() : rows));
  }

  /** The rows' markup: the same cells and classes the list's styles, scripts and tests know. */
  static String html(List<ClusterRow> rows) {
    StringBuilder html = new StringBuilder(rows.size() * 360);
    for (ClusterRow c : rows) {
      html.append("<tr class=\"ui-widget-content\"><td><a href=\"").append(attribute(c.getHref()))
          .append("\" class=\"cluster-link\">").append(text(c.getName()))
          .append("</a></td><td><span class=\"badge badge-").append(attribute(c.getStatus().name()))
          .append(" cluster-status\">").append(text(c.getStatusLabel()))
          .append("</span></td><td>").append(text(c.getRegion()))
          .append("</td><td>").append(text(c.getKubernetesVersion()))
          .append("</td><td>").append(text(c.getPlacementLabel()))
          .append(" <code class=\"value\">").append(text(c.getAccount()))
          .append("</code></td></tr>\n");
    }
    return html.toString();
  }

  /** A value as element text; nothing for none (as Faces writes a null). */
  private static String text(String value) {
    return value == null ? "" : Encode.forHtmlContent(value);
  }

  /** A value inside a double-quoted attribute; nothing for none. */
  private static String attribute(String value) {
    return value == null ? "" : Encode.forHtmlAttribute(value);
  }
}
