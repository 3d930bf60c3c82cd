/**
 * Sign-in with OpenID Connect (authorization code with PKCE, state and nonce) as a Jakarta Security
 * authentication mechanism, and the signed-in caller kept in the HTTP session.
 */
package io.roleport.infrastructure.security;
