package io.roleport.sim;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One parsed HTTP request as the services see it: method, path, decoded Query/form parameters, raw body
 * and the signing region.
 */
record Request(String method, String rawPath, Map<String, String> params, byte[] body, String region,
        Map<String, List<String>> headers) {

    String param(String name) {
        return params.get(name);
    }

    String required(String name) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            throw new AwsError(400, "MissingParameter", "The request must contain the parameter " + name);
        }
        return v;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
