package io.github.devpigiteasync.gitea;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazily fetched listing. Pages are requested only as iteration reaches them (or, with {@link
 * GiteaClient.Builder#readAhead}, that many pages before); every call to {@link #iterator()} starts
 * again from the first page. Entries are de-duplicated by id.
 *
 * @param <T> element type
 */
public final class Paged<T> implements Iterable<T> {
  private final Supplier<Iterator<T>> iterators;

  Paged(Supplier<Iterator<T>> iterators) {
    this.iterators = Objects.requireNonNull(iterators, "iterators == null");
  }

  @Override
  public Iterator<T> iterator() {
    return iterators.get();
  }

  /** A sequential, lazy stream over all entries. */
  public Stream<T> stream() {
    return StreamSupport.stream(
        () ->
            Spliterators.spliteratorUnknownSize(
                iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        Spliterator.ORDERED | Spliterator.NONNULL,
        false);
  }

  /** Fetches every page and returns all entries. */
  public List<T> toList() {
    return stream().toList();
  }
}
