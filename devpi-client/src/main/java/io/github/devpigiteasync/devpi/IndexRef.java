package io.github.devpigiteasync.devpi;

import java.util.Objects;

/**
 * A devpi index named by its owner and index name, written {@code user/index}.
 *
 * @param user the user owning the index, for example {@code alice}
 * @param index the index name, for example {@code dev}
 */
public record IndexRef(String user, String index) {

  public IndexRef {
    Objects.requireNonNull(user, "user == null");
    Objects.requireNonNull(index, "index == null");
    checkPart(user, "user");
    checkPart(index, "index");
  }

  /**
   * Parses {@code user/index}.
   *
   * @throws IllegalArgumentException unless the text is two non-blank parts without white space
   *     separated by one {@code /}
   */
  public static IndexRef parse(String userSlashIndex) {
    Objects.requireNonNull(userSlashIndex, "userSlashIndex == null");
    int slash = userSlashIndex.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("index must be user/index: '" + userSlashIndex + "'");
    }
    return new IndexRef(userSlashIndex.substring(0, slash), userSlashIndex.substring(slash + 1));
  }

  private static void checkPart(String value, String what) {
    if (value.isEmpty() || value.chars().anyMatch(c -> c == '/' || Character.isWhitespace(c))) {
      throw new IllegalArgumentException(
          what + " must be non-empty without '/' or white space: '" + value + "'");
    }
  }

  /** Returns {@code user/index}. */
  @Override
  public String toString() {
    return user + "/" + index;
  }
}
