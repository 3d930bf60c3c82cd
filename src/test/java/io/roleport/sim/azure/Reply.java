package io.roleport.sim.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer: status, headers and body (JSON unless told otherwise). */
record Reply(int status, Map<String, String> headers, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Reply json(int status, JsonNode node) {
        try {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json; charset=utf-8");
            return new Reply(status, h, JSON.writeValueAsBytes(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply empty(int status) {
        return new Reply(status, new LinkedHashMap<>(), new byte[0]);
    }

    static Reply text(int status, String text) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "text/plain; charset=utf-8");
        return new Reply(status, h, text.getBytes(StandardCharsets.UTF_8));
    }

    Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
