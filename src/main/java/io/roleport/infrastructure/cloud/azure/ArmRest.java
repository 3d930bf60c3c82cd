package io.roleport.infrastructure.cloud.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;

/**
 * One Azure Resource Manager call through an authenticated pipeline, for the APIs the SDK modules Roleport uses do
 * not cover (Microsoft.Authorization: permissions, role assignments). A refusal is a {@link ManagementException}
 * with ARM's code and message, as the SDK's own calls throw, so {@link AzureErrors#of} reads both alike.
 */
final class ArmRest {
  private ArmRest() {}

  /** The answer's body (JSON); throws {@link ManagementException} for a 4xx/5xx answer. */
  static String send(HttpPipeline pipeline, HttpMethod method, String url, String body) {
    HttpRequest request = new HttpRequest(method, url);
    if (body != null) {
      request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
      request.setBody(body);
    }
    try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
      String text = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
      if (response.getStatusCode() >= 400) {
        ManagementError error = errorOf(text);
        throw new ManagementException(error.getMessage(), response, error);
      }
      return text;
    }
  }

  /** ARM's {@code {"error": {"code", "message"}}}, or the raw text when the body is not that. */
  private static ManagementError errorOf(String body) {
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      JsonObject error = reader.readObject().getJsonObject("error");
      return new ManagementError(error.getString("code", "Unknown"), error.getString("message", ""));
    } catch (RuntimeException unreadable) {
      return new ManagementError("Unknown", body.length() > 200 ? body.substring(0, 200) : body);
    }
  }
}
