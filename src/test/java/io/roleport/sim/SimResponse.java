package io.roleport.sim;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer produced by one of the simulated services. */
record SimResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    static SimResponse xml(int status, String xml) {
        return new SimResponse(status, "text/xml", xml.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
    }

    static SimResponse html(int status, String html) {
        return new SimResponse(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
    }

    static SimResponse json(int status, String json) {
        return new SimResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
    }
}
