package io.github.devpigiteasync.gitea.internal;

import io.github.devpigiteasync.gitea.GiteaException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Lazy iterator over a page-numbered Gitea listing. It increments {@code page} itself and never
 * follows {@code Link} URLs (they carry the server's ROOT_URL, which may be another host). Paging
 * is driven by what actually came back, because Gitea silently caps {@code limit}.
 *
 * <p>Stops on an empty page, on a page shorter than an earlier one, or once {@code page * pageSize
 * >= X-Total-Count}. Entries already seen (by id) are skipped: newest-first ordering makes uploads
 * during a scan push entries onto the next page.
 */
public final class Pager<T> implements Iterator<T> {
  /**
   * Most pages one listing may take (500,000 entries at Gitea's default 50): far beyond any real
   * owner, and what keeps a server that never stops answering from running a pass forever.
   */
  public static final int MAX_PAGES = 10_000;

  /** One fetched page: its entries and the X-Total-Count header, if present. */
  public record Page<T>(List<T> items, @Nullable Long totalCount) {
    public Page {
      items = List.copyOf(items);
    }
  }

  /** Fetches one page (1-based) with the given limit. */
  @FunctionalInterface
  public interface Fetcher<T> {
    Page<T> fetch(int page, int limit);
  }

  private final Fetcher<T> fetcher;
  private final int limit;
  private final ToLongFunction<T> id;
  private final Set<Long> seen = new HashSet<>();
  private final Deque<T> buffer = new ArrayDeque<>();
  private int page;
  private int largestPage;
  private int pagesWithNothingNew;
  private boolean done;

  public Pager(Fetcher<T> fetcher, int limit, ToLongFunction<T> id) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit < 1: " + limit);
    }
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher == null");
    this.limit = limit;
    this.id = Objects.requireNonNull(id, "id == null");
  }

  @Override
  public boolean hasNext() {
    while (buffer.isEmpty() && !done) {
      fetchNext();
    }
    return !buffer.isEmpty();
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return buffer.removeFirst();
  }

  private void fetchNext() {
    if (page >= MAX_PAGES) {
      throw new GiteaException(
          "Gitea listing goes on past "
              + MAX_PAGES
              + " pages of up to "
              + limit
              + " entries (the limit); refusing it as larger than any real one");
    }
    page++;
    Page<T> result = fetcher.fetch(page, limit);
    int n = result.items().size();
    int fresh = 0;
    for (T item : result.items()) {
      if (seen.add(id.applyAsLong(item))) {
        buffer.addLast(item);
        fresh++;
      }
    }
    if (n == 0 || n < largestPage) {
      done = true;
    }
    largestPage = Math.max(largestPage, n);
    Long total = result.totalCount();
    if (total == null && fresh == 0) {
      // Without a total, a page of nothing new would otherwise let a misbehaving server loop us
      // forever.
      done = true;
    }
    if (total != null && (long) page * largestPage >= total) {
      done = true;
    }
    // One page of only known entries happens when uploads during the scan shift a full page; two in
    // a row mean the server repeats itself (whatever X-Total-Count claims).
    pagesWithNothingNew = fresh == 0 ? pagesWithNothingNew + 1 : 0;
    if (pagesWithNothingNew >= 2) {
      done = true;
    }
  }
}
