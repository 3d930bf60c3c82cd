package io.roleport.web.shell;

import java.text.MessageFormat;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The texts of {@code messages.properties} as pages see them ({@code #{msg['key']}}): every entry is a
 * {@link MessageFormat} pattern, so a page gets the pattern formatted (a doubled apostrophe shows once) and a
 * bean fills its placeholders with {@link #format}. One rule for every text, wherever it is shown: write
 * apostrophes doubled ({@code ''}); counts go through a choice format ({@code {0,choice,1#one|1<{0} ...}}).
 * Registered in faces-config as the {@code msg} bundle.
 */
public final class Texts extends ResourceBundle {
  /** The raw patterns, as written in {@code messages.properties}. */
  private static final ResourceBundle PATTERNS =
      ResourceBundle.getBundle("messages", Locale.ROOT, Texts.class.getClassLoader());

  /**
   * The patterns parsed once. A {@link MessageFormat} is not safe to share between threads while it formats, so
   * {@link #format} formats with a copy: copying is cheaper than parsing the pattern again (docs/performance.md).
   */
  private static final ConcurrentMap<String, MessageFormat> PARSED = new ConcurrentHashMap<>();

  /** The pattern {@code key} formatted with {@code args}; the key itself when there is no such text. */
  public static String format(String key, Object... args) {
    MessageFormat parsed = PARSED.get(key);
    if (parsed == null) {
      try {
        parsed = PARSED.computeIfAbsent(key, k -> new MessageFormat(PATTERNS.getString(k), Locale.ENGLISH));
      } catch (MissingResourceException e) {
        return key;
      }
    }
    return ((MessageFormat) parsed.clone()).format(args);
  }

  /** Whether {@code key} names a text. */
  public static boolean has(String key) {
    return key != null && PATTERNS.containsKey(key);
  }

  /** The texts as pages show them, formatted once (the patterns never change while the application runs). */
  private static final ConcurrentMap<String, String> SHOWN = new ConcurrentHashMap<>();

  /**
   * The text {@code key} as a page shows it with {@code #{msg['key']}} (formatted once, the same shared string), or
   * {@code ???key???} as Faces shows a missing key: for beans that prepare a page's labels.
   */
  public static String shown(String key) {
    return PATTERNS.containsKey(key) ? SHOWN.computeIfAbsent(key, Texts::format) : "???" + key + "???";
  }

  @Override
  protected Object handleGetObject(String key) {
    String shown = SHOWN.get(key);
    return shown != null || !PATTERNS.containsKey(key) ? shown : SHOWN.computeIfAbsent(key, Texts::format);
  }

  @Override
  public Enumeration<String> getKeys() {
    return Collections.enumeration(PATTERNS.keySet());
  }
}
