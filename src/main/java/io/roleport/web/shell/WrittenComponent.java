package io.roleport.web.shell;

import jakarta.faces.component.UIComponentBase;
import jakarta.faces.context.FacesContext;

/**
 * A component of Roleport's own that writes all its markup itself in {@code encodeBegin}, every value escaped (through
 * the response writer, or in one piece with the OWASP Java Encoder), from its attributes, and has no children:
 * {@code rp:linkList}, {@code rp:pager}, {@code rp:clusterRows}.
 */
public abstract class WrittenComponent extends UIComponentBase {

  @Override
  public String getFamily() {
    return "io.roleport";
  }

  @Override
  public boolean getRendersChildren() {
    return true;
  }

  @Override
  public void encodeChildren(FacesContext context) {
    // no children: the markup comes from the attributes
  }
}
