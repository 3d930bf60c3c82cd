package io.roleport.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

/**
 * The unsigned admin endpoint {@code /_sim/faults} of the {@link CloudSimulator}, so fault injection works
 * from outside the JVM (curl, browser tests, a standalone simulator):
 * <ul>
 * <li>{@code POST /_sim/faults} with {@code {"service":"eks","action":"CreateCluster","status":429,
 * "errorCode":"ThrottlingException","times":2}} (next N calls), or {@code "seconds":30} instead of
 * {@code times} (a time window), or {@code "latencyMillis":2000} (with {@code times}) for a delay;
 * {@code "errorCode":"ExpiredToken"} without a status answers the service's expired-token error.
 * {@code action} defaults to {@code "*"}. Answers 201, or 400 with {@code {"message":..}}.</li>
 * <li>{@code DELETE /_sim/faults} forgets every pending fault (204).</li>
 * <li>{@code GET /_sim/faults} answers {@code {"pending":N}}: a delay's call has arrived (and is being held) once it is
 * no longer pending.</li>
 * </ul>
 */
final class FaultAdmin {

    private FaultAdmin() {
    }

    static SimResponse handle(CloudSimulator sim, String method, byte[] body, ObjectMapper json) {
        try {
            switch (method) {
                case "GET" -> {
                    return SimResponse.json(200, "{\"pending\":" + sim.pendingFaults() + "}");
                }
                case "DELETE" -> {
                    sim.clearFaults();
                    return new SimResponse(204, "application/json", new byte[0], new java.util.LinkedHashMap<>());
                }
                case "POST" -> {
                    add(sim, json.readTree(body));
                    return SimResponse.json(201, "{\"status\":\"injected\"}");
                }
                default -> {
                    return SimResponse.json(405, "{\"message\":\"use GET, POST or DELETE\"}");
                }
            }
        } catch (Exception e) {
            return SimResponse.json(400, json.createObjectNode().put("message", String.valueOf(e.getMessage())).toString());
        }
    }

    private static void add(CloudSimulator sim, JsonNode n) {
        if (n == null || !n.isObject() || !n.hasNonNull("service")) {
            throw new IllegalArgumentException("A JSON object with at least \"service\" is required");
        }
        String service = n.get("service").asText();
        String action = n.path("action").asText("*");
        int times = n.path("times").asInt(1);
        if (n.hasNonNull("latencyMillis")) {
            sim.injectLatency(service, action, Duration.ofMillis(n.get("latencyMillis").asLong()), times);
            return;
        }
        String code = n.path("errorCode").asText(null);
        if (code == null) {
            throw new IllegalArgumentException("\"errorCode\" (or \"latencyMillis\") is required");
        }
        int status = n.path("status").asInt(code.equals("ExpiredToken") ? (service.equals("eks") ? 403 : 400) : 0);
        if (n.hasNonNull("seconds")) {
            sim.injectFaultFor(service, action, status, code, Duration.ofSeconds(n.get("seconds").asLong()));
        } else {
            sim.injectFault(service, action, status, code, times);
        }
    }
}
