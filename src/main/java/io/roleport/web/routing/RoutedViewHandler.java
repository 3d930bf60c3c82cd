package io.roleport.web.routing;

import jakarta.faces.application.ViewHandler;
import jakarta.faces.application.ViewHandlerWrapper;
import jakarta.faces.context.FacesContext;

/** Makes forms post back to the page's own URL ({@code /orgs/acme/clusters}), not to the view file. */
public class RoutedViewHandler extends ViewHandlerWrapper {

  public RoutedViewHandler(ViewHandler wrapped) {
    super(wrapped);
  }

  @Override
  public String getActionURL(FacesContext context, String viewId) {
    Object path = context.getExternalContext().getRequestMap().get(Route.PATH);
    if (path instanceof String p && viewId != null && viewId.startsWith("/WEB-INF/views/")) {
      return context.getExternalContext().getRequestContextPath() + p;
    }
    return super.getActionURL(context, viewId);
  }
}
