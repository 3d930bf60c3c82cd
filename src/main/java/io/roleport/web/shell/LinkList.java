package io.roleport.web.shell;

import jakarta.faces.component.FacesComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.context.ResponseWriter;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * {@code <rp:linkList value="#{...}" styleClass="..."/>}: a plain list of links ({@code <ul><li><a>}), written through
 * the response writer, so labels and addresses are escaped. Its value is read when the list is rendered and at no
 * other time: not when the view is built, nor when an ajax request of the page visits the tree (a {@code ui:repeat}
 * would read it then). The organization switcher uses it (templates/shell.xhtml).
 */
@FacesComponent(LinkList.TYPE)
public class LinkList extends WrittenComponent {
  public static final String TYPE = "io.roleport.LinkList";

  /** One link of the list. */
  public record Link(String label, String href) implements Serializable {}

  @Override
  public void encodeBegin(FacesContext context) throws IOException {
    @SuppressWarnings("unchecked")
    List<Link> links = (List<Link>) getAttributes().get("value");
    ResponseWriter out = context.getResponseWriter();
    out.startElement("ul", this);
    out.writeAttribute("id", getClientId(context), "id");
    Object styleClass = getAttributes().get("styleClass");
    if (styleClass != null) {
      out.writeAttribute("class", styleClass, "styleClass");
    }
    for (Link link : links == null ? List.<Link>of() : links) {
      out.startElement("li", null);
      out.startElement("a", null);
      out.writeURIAttribute("href", link.href(), null);
      out.writeText(link.label(), null);
      out.endElement("a");
      out.endElement("li");
    }
    out.endElement("ul");
  }
}
