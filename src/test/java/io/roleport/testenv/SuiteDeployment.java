package io.roleport.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.Filters;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The one deployment of the integration run (arquillian.xml, extension {@code suite}): Payara Micro starts once, with
 * the built WAR and every class each Arquillian test class deploys for itself, instead of once per test class (a
 * start costs 30-80 s on two cores, and there are eighteen classes).
 *
 * <p>Each class still says what it needs in its own {@code @Deployment} method; this one calls them all and merges
 * the classes they add. Classes that drive a browser run as clients ({@code @RunAsClient}), the others inside
 * Payara. One instance for all means nothing in memory is fresh for a class: a class that pauses the worker or
 * switches a setting restores it when it ends, and per-instance counters (rate limits) count across classes.
 */
public final class SuiteDeployment {

  private SuiteDeployment() {}

  @Deployment
  public static WebArchive suite() {
    WebArchive suite = Deployments.inContainer();
    for (Class<?> test : arquillianClasses()) {
      Method own = deploymentMethod(test);
      if (!own.getAnnotation(Deployment.class).testable() && !test.isAnnotationPresent(RunAsClient.class)) {
        // the suite's deployment is testable: without @RunAsClient the class would run inside Payara, without its browser
        throw new IllegalStateException(test.getName() + " deploys with testable = false: mark it @RunAsClient");
      }
      suite.merge(invoke(own, test), Filters.include("/WEB-INF/classes/.*"));
    }
    return suite;
  }

  /** The Arquillian test classes of the integration run (compiled {@code *IT} classes run by Arquillian). */
  static List<Class<?>> arquillianClasses() {
    Path classes = ProjectPaths.resolve("target/test-classes");
    List<Class<?>> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith("IT.class")).sorted().toList()) {
        String name = classes.relativize(file).toString().replace(java.io.File.separatorChar, '.')
            .replaceAll("\\.class$", "");
        Class<?> type = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
        ExtendWith extensions = type.getAnnotation(ExtendWith.class);
        if (extensions != null && Arrays.asList(extensions.value()).contains(ArquillianExtension.class)) {
          found.add(type);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    if (found.isEmpty()) {
      throw new IllegalStateException("no Arquillian test classes under " + classes);
    }
    return found;
  }

  private static Method deploymentMethod(Class<?> test) {
    return Arrays.stream(test.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Deployment.class))
        .findFirst().orElseThrow(() -> new IllegalStateException(test.getName() + " has no @Deployment method"));
  }

  private static Archive<?> invoke(Method method, Class<?> test) {
    try {
      method.setAccessible(true);
      return (Archive<?>) method.invoke(null);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("the @Deployment method of " + test.getName() + " failed", e);
    }
  }
}
