package io.github.devpigiteasync.devpi.model;

import java.util.Objects;

/**
 * Who devpi-server thinks the client is, from the {@code authstatus} of {@code GET /+api}.
 *
 * @param status {@code "ok"} when the credentials were accepted, otherwise for example {@code
 *     "noauth"}
 * @param user the authenticated user name, empty when not authenticated
 */
public record AuthStatus(String status, String user) {

  public AuthStatus {
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(user, "user == null");
  }

  /** Returns true when the server accepted the credentials ({@code status} is {@code "ok"}). */
  public boolean authenticated() {
    return "ok".equals(status);
  }
}
