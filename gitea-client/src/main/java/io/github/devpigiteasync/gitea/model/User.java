package io.github.devpigiteasync.gitea.model;

import java.util.Objects;

/**
 * A Gitea user or organisation as embedded in other objects.
 *
 * @param id the account id ({@code -1} for the "Ghost" user of a deleted account)
 * @param login the account name
 */
public record User(long id, String login) {
  public User {
    Objects.requireNonNull(login, "login == null");
  }
}
