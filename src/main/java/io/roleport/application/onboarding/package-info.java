/**
 * Onboarding an organization's own cloud account: the instructions a customer follows, the live
 * validation of what they set up, and the write-once binding.
 */
package io.roleport.application.onboarding;
