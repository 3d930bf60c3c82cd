package io.roleport.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AWS console federation endpoint ({@code signin.aws.amazon.com/federation}) on the simulator's port:
 * {@code GET /federation?Action=getSigninToken&Session=<JSON sessionId/sessionKey/sessionToken>[&SessionDuration=s]}
 * answers {@code {"SigninToken":..}} for a valid, unexpired session this simulator issued, and
 * {@code GET /federation?Action=login&Issuer=..&Destination=..&SigninToken=..} answers a small HTML page
 * "AWS console (simulated)" naming the account, role, session name and SourceIdentity. Sign-in tokens are
 * single-use and valid for 15 minutes; everything else is 400.
 */
final class ConsoleFederation {

    private static final Duration TOKEN_TTL = Duration.ofMinutes(15);

    /** A sign-in token: the session it stands for, until when it may be used, and the console session length. */
    private record SigninToken(Directory.Session session, Instant notAfter, Duration consoleDuration) {
    }

    /** An answer plus the session it concerned (for the journal; {@code null} when unknown). */
    record Outcome(SimResponse response, Directory.Session session) {
    }

    private final Directory directory;
    private final Clock clock;
    private final ObjectMapper json;
    private final Map<String, SigninToken> tokens = new ConcurrentHashMap<>();

    ConsoleFederation(Directory directory, Clock clock, ObjectMapper json) {
        this.directory = directory;
        this.clock = clock;
        this.json = json;
    }

    /** Handles {@code /federation} (and {@code /console}, the landing page after login). */
    Outcome handle(String path, Map<String, String> params) {
        if (path.equals("/console")) {
            return new Outcome(SimResponse.html(200, page("AWS console (simulated)", "<p>Signed out. Use /federation to sign in.</p>")), null);
        }
        String action = params.getOrDefault("Action", "");
        return switch (action) {
            case "getSigninToken" -> getSigninToken(params);
            case "login" -> login(params);
            default -> throw new AwsError(400, "InvalidAction", "Unsupported federation Action: " + action);
        };
    }

    private Outcome getSigninToken(Map<String, String> params) {
        String sessionJson = params.get("Session");
        if (sessionJson == null) {
            throw new AwsError(400, "MissingParameter", "Session is required");
        }
        JsonNode n;
        try {
            n = json.readTree(sessionJson);
        } catch (Exception e) {
            throw new AwsError(400, "InvalidParameter", "Session is not valid JSON");
        }
        Directory.Session s = directory.session(n.path("sessionId").asText(""));
        if (s == null || !s.secretAccessKey().equals(n.path("sessionKey").asText())
                || !s.sessionToken().equals(n.path("sessionToken").asText())) {
            throw new AwsError(400, "InvalidSession", "The session credentials are not valid");
        }
        Instant now = clock.instant();
        if (!now.isBefore(s.expiration())) {
            throw new AwsError(400, "ExpiredToken", "The session credentials have expired");
        }
        Duration console = Duration.ofHours(1);
        if (params.get("SessionDuration") != null) {
            int seconds;
            try {
                seconds = Integer.parseInt(params.get("SessionDuration"));
            } catch (NumberFormatException e) {
                throw new AwsError(400, "InvalidParameter", "SessionDuration must be a number");
            }
            if (seconds < 900 || seconds > 43200) {
                throw new AwsError(400, "InvalidParameter", "SessionDuration must be between 900 and 43200 seconds");
            }
            console = Duration.ofSeconds(seconds);
        }
        String token = Directory.random(200);
        tokens.put(token, new SigninToken(s, now.plus(TOKEN_TTL), console));
        return new Outcome(SimResponse.json(200, json.createObjectNode().put("SigninToken", token).toString()), s);
    }

    private Outcome login(Map<String, String> params) {
        String token = params.getOrDefault("SigninToken", "");
        SigninToken t = tokens.remove(token);
        Instant now = clock.instant();
        if (t == null) {
            throw new AwsError(400, "InvalidSigninToken", "The sign-in token is not valid or was already used");
        }
        if (!now.isBefore(t.notAfter()) || !now.isBefore(t.session().expiration())) {
            throw new AwsError(400, "ExpiredToken", "The sign-in token has expired");
        }
        Directory.Session s = t.session();
        String body = "<dl>"
                + "<dt>Account</dt><dd id=\"account\">" + Xml.escape(s.role().accountId()) + "</dd>"
                + "<dt>Role</dt><dd id=\"role\">" + Xml.escape(s.role().name()) + "</dd>"
                + "<dt>Session name</dt><dd id=\"session-name\">" + Xml.escape(s.sessionName()) + "</dd>"
                + "<dt>SourceIdentity</dt><dd id=\"source-identity\">" + Xml.escape(String.valueOf(s.sourceIdentity())) + "</dd>"
                + "<dt>Signed in as</dt><dd id=\"arn\">" + Xml.escape(s.arn()) + "</dd>"
                + "<dt>Issuer</dt><dd id=\"issuer\">" + Xml.escape(params.getOrDefault("Issuer", "")) + "</dd>"
                + "<dt>Destination</dt><dd id=\"destination\">" + Xml.escape(params.getOrDefault("Destination", "")) + "</dd>"
                + "<dt>Console session until</dt><dd id=\"console-until\">" + now.plus(t.consoleDuration())
                + "</dd></dl>";
        return new Outcome(SimResponse.html(200, page("AWS console (simulated)", body)), s);
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><h1>"
                + title + "</h1>" + body + "</body></html>";
    }
}
