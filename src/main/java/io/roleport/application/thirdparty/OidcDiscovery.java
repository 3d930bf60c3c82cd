package io.roleport.application.thirdparty;

/** Port: checks that an issuer URL answers as an OpenID Connect provider (discovery document). */
public interface OidcDiscovery {
  /** @return empty when the issuer is a working provider, else what is wrong, in words */
  java.util.Optional<String> problem(String issuer);
}
