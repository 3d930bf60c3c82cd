package io.roleport.infrastructure.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.roleport.infrastructure.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;

/**
 * The OpenID Connect relying party, on Nimbus: builds the authorization request (with PKCE, state and
 * nonce), exchanges the code and validates the ID token (signature against the provider's keys, issuer,
 * audience, expiry, nonce). The provider's metadata is discovered once from the issuer.
 */
@ApplicationScoped
public class OidcClient {

  @Inject Settings settings;

  private volatile OIDCProviderMetadata metadata;
  private volatile IDTokenValidator validator;

  /** What must survive the round trip to the provider, kept in the HTTP session. */
  public record PendingLogin(State state, Nonce nonce, CodeVerifier verifier, URI redirectUri, String returnTo)
      implements java.io.Serializable {}

  public PendingLogin newLogin(URI redirectUri, String returnTo) {
    return new PendingLogin(new State(), new Nonce(), new CodeVerifier(), redirectUri, returnTo);
  }

  public URI authorizationUri(PendingLogin login) {
    return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(settings.oidcScopes().toArray(String[]::new)),
            new ClientID(settings.oidcClientId()), login.redirectUri())
        .endpointURI(metadata().getAuthorizationEndpointURI())
        .state(login.state())
        .nonce(login.nonce())
        .codeChallenge(login.verifier(), CodeChallengeMethod.S256)
        .build()
        .toURI();
  }

  /** A validated sign-in: the ID token's claims and, when asked for, the userinfo claims. */
  public record SignIn(IDTokenClaimsSet idToken, com.nimbusds.openid.connect.sdk.claims.UserInfo userInfo) {
    /** A claim from the userinfo answer when present there, else from the ID token. */
    public Object claim(String name, boolean preferUserInfo) {
      if (preferUserInfo && userInfo != null && userInfo.getClaim(name) != null) {
        return userInfo.getClaim(name);
      }
      return idToken.getClaim(name);
    }
  }

  /**
   * Exchanges the code (with the PKCE verifier) and returns the validated ID token's claims, with the
   * userinfo claims when {@code withUserInfo}. The userinfo subject must match the ID token's.
   */
  public SignIn redeem(PendingLogin login, String code, boolean withUserInfo) throws Exception {
    TokenRequest request = new TokenRequest(metadata().getTokenEndpointURI(),
        new ClientSecretBasic(new ClientID(settings.oidcClientId()), new Secret(settings.oidcClientSecret())),
        new AuthorizationCodeGrant(new AuthorizationCode(code), login.redirectUri(), login.verifier()));
    TokenResponse response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
    if (!response.indicatesSuccess()) {
      throw new IllegalStateException("token endpoint refused the code: "
          + response.toErrorResponse().getErrorObject().getCode());
    }
    var tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    IDTokenClaimsSet claims = validator().validate(tokens.getIDToken(), login.nonce());
    if (!withUserInfo) {
      return new SignIn(claims, null);
    }
    var userInfoResponse = com.nimbusds.openid.connect.sdk.UserInfoResponse.parse(
        new com.nimbusds.openid.connect.sdk.UserInfoRequest(metadata().getUserInfoEndpointURI(),
            tokens.getBearerAccessToken()).toHTTPRequest().send());
    if (!userInfoResponse.indicatesSuccess()) {
      throw new IllegalStateException("userinfo refused: " + userInfoResponse.toErrorResponse().getErrorObject().getCode());
    }
    var userInfo = userInfoResponse.toSuccessResponse().getUserInfo();
    if (!userInfo.getSubject().equals(claims.getSubject())) {
      throw new IllegalStateException("userinfo subject differs from the ID token subject");
    }
    return new SignIn(claims, userInfo);
  }

  public Optional<URI> endSessionUri() {
    return Optional.ofNullable(metadata().getEndSessionEndpointURI());
  }

  private OIDCProviderMetadata metadata() {
    if (metadata == null) {
      synchronized (this) {
        if (metadata == null) {
          try {
            metadata = OIDCProviderMetadata.resolve(new Issuer(settings.oidcIssuer()), 5000, 5000);
          } catch (Exception e) {
            throw new IllegalStateException("cannot read the OpenID provider metadata of " + settings.oidcIssuer(), e);
          }
        }
      }
    }
    return metadata;
  }

  private IDTokenValidator validator() throws java.net.MalformedURLException {
    if (validator == null) {
      validator = new IDTokenValidator(metadata().getIssuer(), new ClientID(settings.oidcClientId()),
          JWSAlgorithm.RS256, metadata().getJWKSetURI().toURL());
    }
    return validator;
  }
}
