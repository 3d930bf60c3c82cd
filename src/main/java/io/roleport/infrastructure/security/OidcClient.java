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
  @Inject NimbusOidcDiscovery discovery;

  private final java.util.Map<Provider, IDTokenValidator> validators = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * An OpenID provider Roleport signs people in with: the corporate one (from settings, confidential
   * client), or a third party's own (public client with PKCE; {@code thirdPartyOrg} names the organization).
   * It is kept in the HTTP session (the pending sign-in, then the signed-in session), so it holds no secret: the
   * corporate client's secret is read from the settings when a token request needs it ({@link #tokenRequest}).
   */
  public record Provider(String issuer, String clientId, String thirdPartyOrg) implements java.io.Serializable {
    /** Whether this is the installation's own (confidential) client rather than a third party's public one. */
    public boolean corporate() {
      return thirdPartyOrg == null;
    }
  }

  /** The installation's (corporate) provider. */
  public Provider corporate() {
    return new Provider(settings.oidcIssuer(), settings.oidcClientId(), null);
  }

  /** What must survive the round trip to the provider, kept in the HTTP session. */
  public record PendingLogin(Provider provider, State state, Nonce nonce, CodeVerifier verifier, URI redirectUri,
      String returnTo) implements java.io.Serializable {}

  public PendingLogin newLogin(Provider provider, URI redirectUri, String returnTo) {
    return new PendingLogin(provider, new State(), new Nonce(), new CodeVerifier(), redirectUri, returnTo);
  }

  public URI authorizationUri(PendingLogin login) {
    Scope scope = login.provider().thirdPartyOrg() == null
        ? new Scope(settings.oidcScopes().toArray(String[]::new)) : new Scope("openid", "profile");
    return new AuthenticationRequest.Builder(ResponseType.CODE, scope,
            new ClientID(login.provider().clientId()), login.redirectUri())
        .endpointURI(metadata(login.provider()).getAuthorizationEndpointURI())
        .state(login.state())
        .nonce(login.nonce())
        .codeChallenge(login.verifier(), CodeChallengeMethod.S256)
        .maxAge((int) Math.min(Integer.MAX_VALUE, settings.sessionMaxLifetime().toSeconds()))
        .build()
        .toURI();
  }

  /**
   * A validated sign-in: the ID token (as issued, and its claims), when asked for the userinfo claims, and the
   * refresh token when the provider gave one. {@code toString} leaves the tokens out.
   */
  public record SignIn(String idTokenJwt, IDTokenClaimsSet idToken,
      com.nimbusds.openid.connect.sdk.claims.UserInfo userInfo, String refreshToken) {
    @Override
    public String toString() {
      return "SignIn[" + idToken.getSubject() + "]";
    }

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
    Provider provider = login.provider();
    var grant = new AuthorizationCodeGrant(new AuthorizationCode(code), login.redirectUri(), login.verifier());
    TokenResponse response = OIDCTokenResponseParser.parse(tokenRequest(provider, grant).toHTTPRequest().send());
    if (!response.indicatesSuccess()) {
      throw new IllegalStateException("token endpoint refused the code: "
          + response.toErrorResponse().getErrorObject().getCode());
    }
    var tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    IDTokenClaimsSet claims = validator(provider).validate(tokens.getIDToken(), login.nonce());
    return withUserInfo(provider, tokens, claims, withUserInfo,
        tokens.getRefreshToken() == null ? null : tokens.getRefreshToken().getValue());
  }

  /** The provider refused a refresh token ({@code invalid_grant}: the person was disabled, or it was revoked). */
  public static final class RefreshRefused extends Exception {
    public RefreshRefused(String code) {
      super("the identity provider refused the refresh token: " + code);
    }
  }

  /**
   * Renews a sign-in with its refresh token (OpenID Connect Core 12): a new ID token, validated like the first,
   * that must name the same subject (12.2). Throws {@link RefreshRefused} when the provider says the grant is
   * no longer valid, and another exception when it cannot be asked (down, or an answer without an ID token).
   */
  public SignIn refresh(Provider provider, String refreshToken, String subject, boolean withUserInfo)
      throws Exception {
    var grant = new com.nimbusds.oauth2.sdk.RefreshTokenGrant(new com.nimbusds.oauth2.sdk.token.RefreshToken(
        refreshToken));
    var http = tokenRequest(provider, grant).toHTTPRequest();
    http.setConnectTimeout(5_000);
    http.setReadTimeout(10_000);
    TokenResponse response = OIDCTokenResponseParser.parse(http.send());
    if (!response.indicatesSuccess()) {
      var error = response.toErrorResponse().getErrorObject();
      if (com.nimbusds.oauth2.sdk.OAuth2Error.INVALID_GRANT.getCode().equals(error.getCode())) {
        throw new RefreshRefused(error.getCode());
      }
      throw new IllegalStateException("token endpoint answered " + error.getHTTPStatusCode() + " " + error.getCode());
    }
    var tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    if (tokens.getIDToken() == null) {
      throw new IllegalStateException("the refresh answer has no ID token");
    }
    IDTokenClaimsSet claims = validator(provider).validate(tokens.getIDToken(), null);
    if (!claims.getSubject().getValue().equals(subject)) {
      throw new RefreshRefused("the refreshed ID token names another subject");
    }
    return withUserInfo(provider, tokens, claims, withUserInfo,
        tokens.getRefreshToken() == null ? refreshToken : tokens.getRefreshToken().getValue());
  }

  /**
   * The token request to the provider's token endpoint, with its client authentication: the corporate client's
   * secret, read from the settings now (never from the session); none for a third party's public client.
   */
  private TokenRequest tokenRequest(Provider provider, com.nimbusds.oauth2.sdk.AuthorizationGrant grant) {
    String secret = provider.corporate() ? settings.oidcClientSecret() : null;
    return secret == null
        ? new TokenRequest(metadata(provider).getTokenEndpointURI(), new ClientID(provider.clientId()), grant)
        : new TokenRequest(metadata(provider).getTokenEndpointURI(),
            new ClientSecretBasic(new ClientID(provider.clientId()), new Secret(secret)), grant);
  }

  private SignIn withUserInfo(Provider provider, com.nimbusds.openid.connect.sdk.token.OIDCTokens tokens,
      IDTokenClaimsSet claims, boolean withUserInfo, String refreshToken) throws Exception {
    if (!withUserInfo) {
      return new SignIn(tokens.getIDTokenString(), claims, null, refreshToken);
    }
    var userInfoResponse = com.nimbusds.openid.connect.sdk.UserInfoResponse.parse(
        new com.nimbusds.openid.connect.sdk.UserInfoRequest(metadata(provider).getUserInfoEndpointURI(),
            tokens.getBearerAccessToken()).toHTTPRequest().send());
    if (!userInfoResponse.indicatesSuccess()) {
      throw new IllegalStateException("userinfo refused: " + userInfoResponse.toErrorResponse().getErrorObject().getCode());
    }
    var userInfo = userInfoResponse.toSuccessResponse().getUserInfo();
    if (!userInfo.getSubject().equals(claims.getSubject())) {
      throw new IllegalStateException("userinfo subject differs from the ID token subject");
    }
    return new SignIn(tokens.getIDTokenString(), claims, userInfo, refreshToken);
  }

  /**
   * Where a browser may be sent for this provider, as far as known without a network call: its issuer, and
   * its authorization and end-session endpoints once its discovery document has been read.
   */
  public java.util.List<String> knownOrigins(Provider provider) {
    java.util.List<String> urls = new java.util.ArrayList<>();
    urls.add(provider.issuer());
    OIDCProviderMetadata known = discovery.known(provider.issuer()).orElse(null);
    if (known != null) {
      for (URI uri : new URI[] {known.getAuthorizationEndpointURI(), known.getEndSessionEndpointURI()}) {
        if (uri != null) {
          urls.add(uri.toString());
        }
      }
    }
    return urls;
  }

  public Optional<URI> endSessionUri(Provider provider) {
    return Optional.ofNullable(metadata(provider).getEndSessionEndpointURI());
  }

  /**
   * The provider's discovery document (kept for a while; a provider that is down fails fast), its issuer the
   * configured one; a third party's issuer must also pass the issuer policy.
   */
  private OIDCProviderMetadata metadata(Provider provider) {
    try {
      return provider.thirdPartyOrg() == null ? discovery.corporate(provider.issuer())
          : discovery.thirdParty(provider.issuer());
    } catch (DiscoveryCache.Unavailable e) {
      throw new IllegalStateException("cannot read the OpenID provider metadata of " + provider.issuer(), e);
    }
  }

  /**
   * Validates ID tokens of one provider: signature against its keys, its issuer (so a token of another
   * provider is refused: mix-up defence), this client as audience, expiry and nonce.
   */
  private IDTokenValidator validator(Provider provider) {
    return validators.computeIfAbsent(provider, p -> {
      try {
        return new IDTokenValidator(metadata(p).getIssuer(), new ClientID(p.clientId()), JWSAlgorithm.RS256,
            metadata(p).getJWKSetURI().toURL());
      } catch (java.net.MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
