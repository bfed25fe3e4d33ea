package io.github.devpigiteasync.gitea.model;

/**
 * Paging limits of a Gitea server ({@code GET /api/v1/settings/api}).
 *
 * @param maxResponseItems the largest page size the server honours ({@code [api]
 *     MAX_RESPONSE_ITEMS})
 * @param defaultPagingNum the page size used when none is requested
 */
public record ApiSettings(int maxResponseItems, int defaultPagingNum) {
  /** Gitea's built-in defaults, used when the server does not expose its settings. */
  public static final ApiSettings DEFAULTS = new ApiSettings(50, 30);

  public ApiSettings {
    if (maxResponseItems < 1) {
      throw new IllegalArgumentException("maxResponseItems < 1: " + maxResponseItems);
    }
    if (defaultPagingNum < 1) {
      throw new IllegalArgumentException("defaultPagingNum < 1: " + defaultPagingNum);
    }
  }
}
