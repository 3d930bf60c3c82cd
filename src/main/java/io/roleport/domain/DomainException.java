package io.roleport.domain;

/**
 * A business rule refused an action. The message key names the rule for the user ("binding.alreadySet");
 * the arguments fill the localized message.
 */
public class DomainException extends RuntimeException {
  private final String key;
  private final transient Object[] args;

  public DomainException(String key, Object... args) {
    super(key);
    this.key = key;
    this.args = args.clone();
  }

  public String key() {
    return key;
  }

  public Object[] args() {
    return args.clone();
  }
}
