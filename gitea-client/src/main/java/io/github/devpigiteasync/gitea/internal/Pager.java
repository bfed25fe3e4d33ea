package io.github.devpigiteasync.gitea.internal;

import io.github.devpigiteasync.gitea.GiteaException;
import io.github.devpigiteasync.gitea.GiteaTransportException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
 *
 * <p>With a read-ahead, once a page has answered with an {@code X-Total-Count}, the pages that
 * total says still exist (never more) are requested asynchronously, up to {@code readAhead} pages
 * past the one being read; entries still come in page order, and a page that failed throws where
 * its entries would come. Pages requested ahead of an end or a failure are cancelled. Without a
 * total, pages are fetched one by one as iteration reaches them.
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

  /**
   * Starts fetching one page; the future fails with the exception {@link Fetcher} would throw, and
   * cancelling it cancels the request.
   */
  @FunctionalInterface
  public interface AsyncFetcher<T> {
    CompletableFuture<Page<T>> fetch(int page, int limit);
  }

  private final Fetcher<T> fetcher;
  private final int limit;
  private final ToLongFunction<T> id;
  private final Set<Long> seen = new HashSet<>();
  private final Deque<T> buffer = new ArrayDeque<>();
  private final int readAhead;
  private final AsyncFetcher<T> asyncFetcher;
  // pages page+1 .. page+ahead.size(), requested and not yet read
  private final Deque<CompletableFuture<Page<T>>> ahead = new ArrayDeque<>();
  private int page;
  private int largestPage;
  private int pagesWithNothingNew;
  private boolean done;

  /** A pager that fetches each page when iteration reaches it. */
  public Pager(Fetcher<T> fetcher, int limit, ToLongFunction<T> id) {
    this(
        fetcher,
        limit,
        id,
        0,
        (page, l) -> CompletableFuture.completedFuture(fetcher.fetch(page, l)));
  }

  /**
   * A pager that fetches pages with {@code fetcher} as iteration reaches them and starts up to
   * {@code readAhead} later pages with {@code asyncFetcher}.
   */
  public Pager(
      Fetcher<T> fetcher,
      int limit,
      ToLongFunction<T> id,
      int readAhead,
      AsyncFetcher<T> asyncFetcher) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit < 1: " + limit);
    }
    if (readAhead < 0) {
      throw new IllegalArgumentException("readAhead < 0: " + readAhead);
    }
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher == null");
    this.limit = limit;
    this.id = Objects.requireNonNull(id, "id == null");
    this.readAhead = readAhead;
    this.asyncFetcher = Objects.requireNonNull(asyncFetcher, "asyncFetcher == null");
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
    Page<T> result;
    try {
      result = ahead.isEmpty() ? fetcher.fetch(page, limit) : await(ahead.removeFirst());
    } catch (RuntimeException | Error e) {
      cancelAhead();
      throw e;
    }
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
    if (done) {
      cancelAhead();
    } else if (total != null) {
      readAhead(total);
    }
  }

  private void readAhead(long total) {
    // the pages the total says exist, at the page size the server really uses
    long last = Math.min(MAX_PAGES, (total + largestPage - 1) / largestPage);
    int next = page + ahead.size() + 1;
    while (next <= last && next <= page + readAhead) {
      ahead.addLast(asyncFetcher.fetch(next++, limit));
    }
  }

  private Page<T> await(CompletableFuture<Page<T>> pending) {
    try {
      return pending.get();
    } catch (InterruptedException e) {
      // as a request on this thread would end: the flag stays set, the failure is a transport one
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new GiteaTransportException(
          "Waiting for page " + page + " of a Gitea listing was interrupted",
          new InterruptedIOException("interrupted"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  // Cancels the requests still running (their sockets close, and no retry follows); nobody waits.
  private void cancelAhead() {
    ahead.forEach(f -> f.cancel(true));
    ahead.clear();
  }
}
