package io.roleport.testenv;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The login page as a person uses it in Chromium: a demo-user button, and the keyboard-only "another user" form;
 * the page's script must put the right claims into the ID token.
 */
@ExtendWith(Browser.class)
class LocalIdpBrowserTest {

    private static LocalIdp idp;
    private static String redirect;

    @BeforeAll
    static void start() {
        idp = LocalIdp.start(0);
        redirect = "http://127.0.0.1:" + FreePorts.find() + "/callback"; // nothing listens: we only read the URL
    }

    @AfterAll
    static void stop() {
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    void demoUserButtonSignsInWithItsGroups(WebDriver browser) {
        browser.get(authorize("s1"));
        assertEquals("Sign in – Roleport local identity provider", browser.getTitle());
        Browser.assertNoSevereConsoleErrors(browser);
        browser.findElement(By.id("user-gus")).click();
        JsonNode token = idp.redeem(codeFrom(browser, "s1"), redirect);
        assertEquals("gus", token.get("preferred_username").asText());
        assertEquals(List.of("globex-leads"), groups(token));
    }

    @Test
    void keyboardOnlySignInWithATypedUserName(WebDriver browser) {
        browser.get(authorize("s2"));
        WebElement field = browser.findElement(By.cssSelector("label[for=username]"));
        assertEquals("User name", field.getText());
        // Tab from the page start through the seven demo buttons to the user name field.
        WebElement body = browser.findElement(By.tagName("body"));
        body.sendKeys(Keys.TAB);
        for (int i = 0; i < LocalIdp.DEMO_USERS.size(); i++) {
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        WebElement active = browser.switchTo().activeElement();
        assertEquals("username", active.getAttribute("id"), "tab order reaches the user name field");
        active.sendKeys("sa m");
        assertEquals(Boolean.FALSE, ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.getElementById('username').checkValidity();"),
                "the field's pattern refuses a space (Chromium ignores a pattern it cannot compile)");
        Browser.assertNoSevereConsoleErrors(browser);
        active.clear();
        active.sendKeys("sam", Keys.ENTER);
        JsonNode token = idp.redeem(codeFrom(browser, "s2"), redirect);
        assertEquals("sam", token.get("sub").asText());
        assertEquals("sam@example.test", token.get("email").asText());
        assertEquals(List.of("roleport-support"), groups(token));
    }

    private String authorize(String state) {
        return idp.authorizationEndpoint() + "?client_id=roleport&response_type=code&scope=openid&state=" + state
                + "&nonce=n-" + state + "&redirect_uri=" + java.net.URLEncoder.encode(redirect, StandardCharsets.UTF_8);
    }

    private static String codeFrom(WebDriver browser, String state) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().startsWith(redirect));
        URI uri = URI.create(browser.getCurrentUrl());
        String code = null;
        String returnedState = null;
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            String value = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            if (kv[0].equals("code")) {
                code = value;
            } else if (kv[0].equals("state")) {
                returnedState = value;
            }
        }
        assertEquals(state, returnedState);
        assertTrue(code != null && !code.isEmpty(), "code in " + uri);
        return code;
    }

    private static List<String> groups(JsonNode token) {
        List<String> result = new java.util.ArrayList<>();
        token.get("groups").forEach(g -> result.add(g.asText()));
        return result;
    }
}
