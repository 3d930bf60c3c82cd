/** Backing bean of {@code /orgs/{slug}/onboarding/aws}. */
package io.roleport.web.onboarding;
