package io.roleport.infrastructure.cloud.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementException;
import com.microsoft.aad.msal4j.MsalServiceException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the Azure SDK throws into a code and a message: Entra ID refusals arrive as MSAL's
 * {@link MsalServiceException} somewhere in the cause chain (message {@code AADSTSnnnn: ...}), ARM refusals as
 * {@link ManagementException} with an error code ({@code AuthorizationFailed}).
 */
final class AzureErrors {
  private static final Pattern AADSTS = Pattern.compile("(AADSTS\\d+)");

  private AzureErrors() {}

  record Error(String code, String message, int status) {
    boolean retryable() {
      return status == 429 || status >= 500 || status == 0 || "Conflict".equals(code)
          || ("OperationNotAllowed".equals(code) && status == 409); // another operation runs; a 400 is a refusal
    }
  }

  static Error of(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof WorkloadIdentityTokens.WorkloadTokenException workload) {
        return new Error("WorkloadToken", firstLine(workload.getMessage()), 0);
      }
      if (t instanceof MsalServiceException msal) {
        Matcher m = AADSTS.matcher(String.valueOf(msal.getMessage()));
        return new Error(m.find() ? m.group(1) : msal.errorCode(), firstLine(msal.getMessage()), msal.statusCode());
      }
      if (t instanceof ManagementException arm) {
        String code = arm.getValue() == null ? "Unknown" : arm.getValue().getCode();
        String message = arm.getValue() == null ? arm.getMessage() : arm.getValue().getMessage();
        return new Error(code, firstLine(message), arm.getResponse() == null ? 0 : arm.getResponse().getStatusCode());
      }
      if (t instanceof HttpResponseException http) {
        return new Error("Http" + http.getResponse().getStatusCode(), firstLine(http.getMessage()),
            http.getResponse().getStatusCode());
      }
    }
    return new Error("Unreachable", firstLine(String.valueOf(thrown.getMessage())), 0);
  }

  static boolean notFound(Throwable thrown) {
    Error e = of(thrown);
    return e.status() == 404 || "ResourceNotFound".equals(e.code()) || "ResourceGroupNotFound".equals(e.code());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.lines().findFirst().orElse("");
    return line.length() > 500 ? line.substring(0, 500) : line;
  }
}
