package io.roleport.web.shell;

import jakarta.faces.component.FacesComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.context.ResponseWriter;
import java.io.IOException;

/**
 * {@code <rp:pager page="#{b.page}" pages="#{b.pages}" href="#{b.pageHref}"/>}: the pages of a list as plain links
 * ({@code href} followed by the page number), so a page of a list is an address: bookmarkable, kept by a reload and
 * by the back button, and served without a form or a script. It looks like PrimeFaces' paginator (its classes) and
 * shows nothing when there is one page. The cluster list uses it (docs/performance.md: PrimeFaces' table and
 * paginator were a fifth of what a view of that list cost).
 */
@FacesComponent(Pager.TYPE)
public class Pager extends WrittenComponent {
  public static final String TYPE = "io.roleport.Pager";

  /** At most this many numbered links, around the current page (as PrimeFaces' paginator). */
  static final int LINKS = 10;

  @Override
  public void encodeBegin(FacesContext context) throws IOException {
    int page = number("page");
    int pages = number("pages");
    if (pages <= 1) {
      return;
    }
    String href = String.valueOf(getAttributes().get("href"));
    ResponseWriter out = context.getResponseWriter();
    out.startElement("nav", this);
    out.writeAttribute("id", getClientId(context), "id");
    out.writeAttribute("class", "pager ui-paginator ui-paginator-bottom ui-widget-header", null);
    out.writeAttribute("aria-label", Texts.shown("pager.label"), null);
    step(out, "ui-paginator-first", "ui-icon-seek-first", "pager.first", page > 1 ? href + 1 : null);
    step(out, "ui-paginator-prev", "ui-icon-seek-prev", "pager.previous", page > 1 ? href + (page - 1) : null);
    out.startElement("span", null);
    out.writeAttribute("class", "ui-paginator-pages", null);
    int[] window = window(page, pages);
    for (int p = window[0]; p <= window[1]; p++) {
      out.startElement("a", null);
      out.writeAttribute("class", "ui-paginator-page ui-state-default ui-corner-all"
          + (p == page ? " ui-state-active" : ""), null);
      out.writeURIAttribute("href", href + p, null);
      out.writeAttribute("aria-label", Texts.format("pager.page", p), null);
      if (p == page) {
        out.writeAttribute("aria-current", "page", null);
      }
      out.writeText(String.valueOf(p), null);
      out.endElement("a");
    }
    out.endElement("span");
    step(out, "ui-paginator-next", "ui-icon-seek-next", "pager.next", page < pages ? href + (page + 1) : null);
    step(out, "ui-paginator-last", "ui-icon-seek-end", "pager.last", page < pages ? href + pages : null);
    out.endElement("nav");
  }

  /** First, previous, next or last: a link, or a disabled mark without an address (not focusable) at either end. */
  private static void step(ResponseWriter out, String styleClass, String icon, String label, String href)
      throws IOException {
    out.startElement("a", null);
    out.writeAttribute("class", styleClass + " ui-state-default ui-corner-all"
        + (href == null ? " ui-state-disabled" : ""), null);
    if (href == null) { // a link that leads nowhere now: said so, and out of the tab order (no address)
      out.writeAttribute("role", "link", null);
      out.writeAttribute("aria-disabled", "true", null);
    } else {
      out.writeURIAttribute("href", href, null);
    }
    out.writeAttribute("aria-label", Texts.shown(label), null);
    out.startElement("span", null);
    out.writeAttribute("class", "ui-icon " + icon, null);
    out.endElement("span");
    out.endElement("a");
  }

  /** The first and last numbered link: {@link #LINKS} pages around {@code page}, fewer only when there are fewer. */
  static int[] window(int page, int pages) {
    int shown = Math.min(LINKS, pages);
    int first = Math.max(1, Math.min(page - shown / 2, pages - shown + 1));
    return new int[] {first, first + shown - 1};
  }

  private int number(String attribute) {
    Object value = getAttributes().get(attribute);
    return value instanceof Number n ? n.intValue() : 0;
  }
}
