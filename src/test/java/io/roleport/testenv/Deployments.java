package io.roleport.testenv;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

/**
 * What Arquillian deploys: the application exactly as the build packaged it, plus helpers to reach it.
 */
public final class Deployments {

    private Deployments() {
    }

    /**
     * The built WAR ({@code -Droleport.war=...}, default {@code target/roleport.war}) as a ShrinkWrap archive.
     * Use it from an {@code @Deployment(testable = false)} method; add test classes to it for in-container tests.
     */
    public static WebArchive war() {
        File file = new File(System.getProperty("roleport.war", ProjectPaths.resolve("target/roleport.war").toString()));
        if (!file.isFile()) {
            throw new IllegalStateException("WAR not found: " + file.getAbsolutePath()
                    + " (run the package phase first, e.g. mvn verify; or set -Droleport.war)");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, file);
    }

    /**
     * The built WAR for in-container tests: the same application, with Arquillian's test runner servlet
     * added to the public URLs of {@code web.xml} (every other URL still needs a signed-in user).
     */
    public static WebArchive inContainer(Class<?>... testClasses) {
        WebArchive war = war();
        String webXml;
        try (var in = war.get("WEB-INF/web.xml").getAsset().openStream()) {
            webXml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String marker = "<url-pattern>/health</url-pattern>";
        if (!webXml.contains(marker)) {
            throw new IllegalStateException("web.xml has no public /health pattern to extend");
        }
        webXml = webXml.replace(marker, marker + "<url-pattern>/ArquillianServletRunnerEE9</url-pattern>");
        war.delete("WEB-INF/web.xml");
        war.addAsWebInfResource(new org.jboss.shrinkwrap.api.asset.StringAsset(webXml), "web.xml");
        // Libraries in-container tests use beyond JUnit (which Arquillian adds itself).
        war.addAsLibraries(org.jboss.shrinkwrap.resolver.api.maven.Maven.configureResolver().workOffline()
                .loadPomFromFile(ProjectPaths.resolve("pom.xml").toFile())
                .resolve("org.awaitility:awaitility").withTransitivity().asFile());
        return war.addClasses(testClasses);
    }

    /**
     * The same URL on 127.0.0.1: Payara Micro listens on loopback only, but Arquillian reports the machine's
     * external address in the {@code @ArquillianResource URL}.
     */
    public static URI local(URL url) {
        try {
            URI uri = url.toURI();
            return new URI(uri.getScheme(), uri.getUserInfo(), "127.0.0.1", uri.getPort(), uri.getPath(),
                    uri.getQuery(), uri.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(url.toString(), e);
        }
    }

    /** {@link #local(URL)} resolved against a path relative to the application, e.g. {@code "orgs"}. */
    public static URL local(URL base, String relative) {
        try {
            URI root = local(base);
            String path = root.getPath() == null || root.getPath().isEmpty() ? "/" : root.getPath();
            if (!path.endsWith("/")) {
                path = path + "/";
            }
            return new URI(root.getScheme(), null, root.getHost(), root.getPort(), path, null, null)
                    .resolve(relative.startsWith("/") ? relative.substring(1) : relative).toURL();
        } catch (URISyntaxException | MalformedURLException e) {
            throw new IllegalArgumentException(base + " + " + relative, e);
        }
    }
}
