package io.roleport.application.access;

/**
 * The thing asked for does not exist for this caller. Answered as HTTP 404 whether it is missing or
 * belongs to another tenant, so a guessed id reveals nothing.
 */
public class NotFoundException extends RuntimeException {
  public NotFoundException(String what) {
    super(what);
  }
}
