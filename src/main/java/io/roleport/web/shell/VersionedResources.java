package io.roleport.web.shell;

import jakarta.faces.application.Resource;
import jakarta.faces.application.ResourceHandler;
import jakarta.faces.application.ResourceHandlerWrapper;
import jakarta.faces.application.ResourceWrapper;
import jakarta.faces.context.FacesContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Static resources (CSS, JavaScript, fonts, images) with versioned URLs and long-lived cache headers: a resource
 * whose URL carries no version gets {@code v=} and the first 12 hex digits of its content's SHA-256 (PrimeFaces' own
 * resources already carry the PrimeFaces version), and a request for a versioned URL is answered with
 * {@code Cache-Control: public, max-age=31536000, immutable}. A browser then fetches each resource once: a second page
 * view asks for none of them, and a changed file has a new URL.
 */
public class VersionedResources extends ResourceHandlerWrapper {
  static final String CACHE_FOREVER = "public, max-age=31536000, immutable";

  private final Map<String, String> versions = new ConcurrentHashMap<>();

  public VersionedResources(ResourceHandler wrapped) {
    super(wrapped);
  }

  @Override
  public Resource createResource(String name) {
    return versioned(super.createResource(name));
  }

  @Override
  public Resource createResource(String name, String library) {
    return versioned(super.createResource(name, library));
  }

  @Override
  public Resource createResource(String name, String library, String contentType) {
    return versioned(super.createResource(name, library, contentType));
  }

  @Override
  public void handleResourceRequest(FacesContext context) throws IOException {
    var external = context.getExternalContext();
    if (external.getRequestParameterMap().containsKey("v")) {
      HttpServletResponse response = (HttpServletResponse) external.getResponse();
      response.setHeader("Cache-Control", CACHE_FOREVER);
      external.setResponse(new CachedForever(response)); // the handlers below set their own, shorter, lifetime
    }
    super.handleResourceRequest(context);
  }

  /** A response on which the resource handlers below cannot shorten the cache lifetime set here. */
  static final class CachedForever extends jakarta.servlet.http.HttpServletResponseWrapper {
    CachedForever(HttpServletResponse response) {
      super(response);
    }

    private static boolean lifetime(String name) {
      return "Cache-Control".equalsIgnoreCase(name) || "Expires".equalsIgnoreCase(name)
          || "Pragma".equalsIgnoreCase(name);
    }

    @Override
    public void setHeader(String name, String value) {
      if (!lifetime(name)) {
        super.setHeader(name, value);
      }
    }

    @Override
    public void addHeader(String name, String value) {
      if (!lifetime(name)) {
        super.addHeader(name, value);
      }
    }

    @Override
    public void setDateHeader(String name, long date) {
      if (!lifetime(name)) {
        super.setDateHeader(name, date);
      }
    }

    @Override
    public void addDateHeader(String name, long date) {
      if (!lifetime(name)) {
        super.addDateHeader(name, date);
      }
    }
  }

  private Resource versioned(Resource resource) {
    if (resource == null) {
      return null;
    }
    return new ResourceWrapper(resource) {
      @Override
      public String getRequestPath() {
        String path = super.getRequestPath();
        if (path.contains("?v=") || path.contains("&v=")) {
          return path;
        }
        String key = getLibraryName() + "/" + getResourceName();
        String version = versions.computeIfAbsent(key, k -> contentVersion(getWrapped()));
        return version.isEmpty() ? path : path + (path.contains("?") ? "&" : "?") + "v=" + version;
      }
    };
  }

  /** The first 12 hex digits of the SHA-256 of the resource's bytes (empty when it cannot be read). */
  static String contentVersion(Resource resource) {
    try (InputStream in = resource.getInputStream()) {
      if (in == null) {
        return "";
      }
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
