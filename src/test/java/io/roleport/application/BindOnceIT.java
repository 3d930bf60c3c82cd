package io.roleport.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.access.Caller;
import io.roleport.application.onboarding.AwsOnboardingService;
import io.roleport.application.onboarding.ValidationReport;
import io.roleport.domain.DomainException;
import io.roleport.domain.ExternalId;
import io.roleport.domain.GroupMapping;
import io.roleport.domain.OrgKind;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import io.roleport.domain.Slug;
import io.roleport.testenv.Deployments;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.transaction.UserTransaction;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #13: binding right after a validation that passed does not call STS again. The STS calls are counted in the
 * simulator's journal, by role name: accounts 121212121212 and 131313131313 of config/simulator-seed.json have roles
 * named for this test only.
 */
@ExtendWith(ArquillianExtension.class)
class BindOnceIT {
  private static final String ONCE = "151515151515";
  private static final String AGAIN = "161616161616";

  @Deployment
  static WebArchive war() {
    return Deployments.inContainer(BindOnceIT.class);
  }

  @Inject AwsOnboardingService onboarding;
  @Inject OrganizationRepository organizations;
  @Inject UserTransaction tx;

  @Resource(lookup = "java:app/jdbc/roleport")
  DataSource dataSource;

  @Test
  void bindRightAfterAPassedValidationMakesNoStsCallButOtherInputsAreValidatedAgainAndRefused() throws Exception {
    Caller lead = org("zz-bind-once", "rp-15151515151515151515151515151515");
    String automation = role(ONCE, "RoleportBindOnceAutomation");
    String support = role(ONCE, "RoleportBindOnceSupport");
    long before = stsCalls("RoleportBindOnce");

    ValidationReport report = onboarding.validate(lead, "zz-bind-once", automation, support);
    long validation = stsCalls("RoleportBindOnce") - before;

    assertTrue(report.passed(), report.toString());
    assertTrue(validation >= 5, "validation assumes both roles, with and without the ExternalId: " + validation);

    // Other inputs than the ones validated (the roles swapped): validated again here, and refused.
    DomainException refused = assertThrows(DomainException.class,
        () -> onboarding.bind(lead, "zz-bind-once", support, automation));
    assertEquals("binding.validationFailed", refused.key());
    long afterSwapped = stsCalls("RoleportBindOnce");
    assertTrue(afterSwapped > before + validation, "the swapped roles were checked with STS");
    assertEquals(List.of("0"), row("select count(*) from aws_binding b join organization o on o.id = b.org_id"
        + " where o.slug = 'zz-bind-once'"));

    // The inputs validated, by the person who validated them: no STS call, the binding stored and audited.
    onboarding.bind(lead, "zz-bind-once", automation, support);

    assertEquals(afterSwapped, stsCalls("RoleportBindOnce"), "bind called STS again");
    assertEquals(List.of(ONCE, automation), row("select account_id, automation_role_arn from aws_binding b join"
        + " organization o on o.id = b.org_id where o.slug = 'zz-bind-once'"));
    assertEquals(List.of("OK"), row("select outcome from audit_event where action = 'binding.set' and outcome = 'OK'"
        + " and org_id = (select id from organization where slug = 'zz-bind-once')"));
    System.out.println("BindOnceIT: validation " + validation + " STS calls, bind after it 0");
  }

  @Test
  void anotherPersonBindingWhatSomeoneElseValidatedIsValidatedAgain() throws Exception {
    Caller lead = org("zz-bind-again", "rp-16161616161616161616161616161616");
    Caller colleague = new Caller("it-zz-bind-again-2", "it-zz-bind-again-2", lead.groups(), false, false);
    String automation = role(AGAIN, "RoleportBindAgainAutomation");
    String support = role(AGAIN, "RoleportBindAgainSupport");
    long before = stsCalls("RoleportBindAgain");

    assertTrue(onboarding.validate(lead, "zz-bind-again", automation, support).passed());
    long validation = stsCalls("RoleportBindAgain") - before;
    onboarding.bind(colleague, "zz-bind-again", automation, support);
    long bind = stsCalls("RoleportBindAgain") - before - validation;

    assertEquals(validation, bind, "the colleague's bind ran every check of a validation again");
    assertEquals(List.of(AGAIN), row("select account_id from aws_binding b join organization o on o.id = b.org_id"
        + " where o.slug = 'zz-bind-again'"));
    System.out.println("BindOnceIT: validation " + validation + " STS calls, bind without one " + bind);
  }

  private Caller org(String slug, String externalId) throws Exception {
    String group = slug + "-leads";
    tx.begin();
    Organization org = new Organization(new Slug(slug), slug, OrgKind.TEAM, null, new ExternalId(externalId),
        Instant.now());
    organizations.add(org);
    organizations.add(new GroupMapping(org, group, OrgRole.ORG_ADMIN));
    tx.commit();
    return new Caller("it-" + slug, "it-" + slug, Set.of(group), false, false);
  }

  private static String role(String account, String name) {
    return "arn:aws:iam::" + account + ":role/" + name;
  }

  /** STS calls (answered or refused) naming a role whose name starts with {@code prefix}, from the journal. */
  private static long stsCalls(String prefix) throws Exception {
    String endpoint = ConfigProvider.getConfig().getValue("roleport.aws.endpoint", String.class);
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/_sim/journal"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    return Json.createReader(new StringReader(body)).readArray().stream()
        .map(v -> (JsonObject) v)
        .filter(e -> "sts".equals(e.getString("service")) && e.getString("resource", "").startsWith(prefix))
        .count();
  }

  private List<String> row(String sql) throws Exception {
    try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      if (rs.next()) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          values.add(rs.getString(i));
        }
      }
      return values;
    }
  }
}
