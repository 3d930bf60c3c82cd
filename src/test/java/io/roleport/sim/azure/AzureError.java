package io.roleport.sim.azure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal answered the way the real service does: Entra ID's OAuth error body
 * ({@code error}, {@code error_description} starting with {@code AADSTSnnnn}, {@code error_codes}) or ARM's
 * {@code {"error":{"code":..,"message":..}}}.
 */
final class AzureError extends RuntimeException {

    final int status;
    final String code;
    final int aadsts;
    final Map<String, String> headers = new LinkedHashMap<>();

    private AzureError(int status, String code, int aadsts, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.aadsts = aadsts;
    }

    /** An ARM error: {@code {"error":{"code":code,"message":message}}}. */
    static AzureError arm(int status, String code, String message) {
        return new AzureError(status, code, 0, message);
    }

    /** An Entra ID token-endpoint error, e.g. {@code entra(401, "invalid_client", 7000215, "Invalid client secret provided. ...")}. */
    static AzureError entra(int status, String error, int aadsts, String description) {
        return new AzureError(status, error, aadsts, "AADSTS" + aadsts + ": " + description);
    }

    AzureError header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    boolean isEntra() {
        return aadsts != 0;
    }
}
