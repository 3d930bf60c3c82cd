package io.roleport.application.thirdparty;

/** Port: checks that an issuer URL may be used and answers as an OpenID Connect provider (discovery document). */
public interface OidcDiscovery {
  /**
   * @return empty when the issuer is a working provider Roleport may use, else the message key of the problem
   *     (its one argument is the issuer); never text from the network
   */
  java.util.Optional<String> problem(String issuer);
}
