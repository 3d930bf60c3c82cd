package io.roleport.web;

import io.roleport.testenv.Browser;
import io.roleport.testenv.Deployments;
import io.roleport.testenv.TestEnvironment;
import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The browser journeys against the built WAR in Payara Micro, on MariaDB, the local IdP and the simulator. */
@ExtendWith({ArquillianExtension.class, Browser.class})
@RunAsClient // a browser outside Payara (the suite's one deployment runs the others inside)
class PortalIT extends PortalJourneyTests {

  @ArquillianResource URL deployment;

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  @Override
  URL base() {
    return Deployments.local(deployment, "");
  }

  @Override
  String corporateIssuer() {
    return TestEnvironment.get().setting("roleport.oidc.issuer");
  }

  @Override
  java.util.List<io.roleport.testenv.LocalIdp.EndedSession> idpLogouts() {
    return TestEnvironment.get().idp().endedSessions();
  }

  @Override
  io.roleport.testenv.LocalIdpTokens.Directory idpDirectory() {
    return TestEnvironment.get().idp().directory();
  }

  @Override
  URI awsEndpoint() {
    return URI.create(TestEnvironment.get().setting("roleport.aws.endpoint"));
  }

  @Override
  String idToken(String user) {
    return TestEnvironment.get().idp().idToken(user);
  }
}
