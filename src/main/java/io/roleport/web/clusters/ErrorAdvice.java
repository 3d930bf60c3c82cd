package io.roleport.web.clusters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Known cloud errors of a failed cluster operation, in what to do about them: the error code (the text before
 * the first colon of the operation's last error, as {@code OperationStepper} records it) picks a message key.
 */
final class ErrorAdvice {
  private static final Map<Pattern, String> KNOWN = new LinkedHashMap<>();

  static {
    KNOWN.put(Pattern.compile("AuthorizationFailed|LinkedAuthorizationFailed"), "cluster.error.authorizationFailed");
    KNOWN.put(Pattern.compile("AccessDenied.*|UnauthorizedOperation|.*NotAuthorized.*"), "cluster.error.accessDenied");
    KNOWN.put(Pattern.compile(".*LimitExceeded.*|QuotaExceeded|.*Quota.*"), "cluster.error.limitExceeded");
    KNOWN.put(Pattern.compile("InvalidSubnet.*|.*SubnetNotFound.*|InvalidSubnetID.*"), "cluster.error.invalidSubnet");
  }

  private ErrorAdvice() {}

  /** The advice key for {@code lastError} ("Code: message"), or null when its code is not a known one. */
  static String of(String lastError) {
    int colon = lastError.indexOf(':');
    String code = (colon < 0 ? lastError : lastError.substring(0, colon)).trim();
    if (code.startsWith("InvalidParameter") && lastError.toLowerCase(java.util.Locale.ROOT).contains("subnet")) {
      return "cluster.error.invalidSubnet";
    }
    for (Map.Entry<Pattern, String> known : KNOWN.entrySet()) {
      if (known.getKey().matcher(code).matches()) {
        return known.getValue();
      }
    }
    return null;
  }
}
