package io.github.devpigiteasync.gitea.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PagerTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void shutDown() {
    executor.shutdownNow();
  }

  private static Pager.Page<Long> page(int page, int size, long total) {
    long from = (long) (page - 1) * size + 1;
    long to = Math.min(total, from + size - 1);
    return new Pager.Page<>(LongStream.rangeClosed(from, to).boxed().toList(), total);
  }

  @Test
  void pagesAheadAreInFlightAtTheSameTime() {
    // page 2 answers only once page 3 has been asked for: one by one, this would never end
    CountDownLatch page3Asked = new CountDownLatch(1);
    Pager.Fetcher<Long> fetcher =
        (p, limit) -> {
          if (p == 3) {
            page3Asked.countDown();
          }
          if (p == 2 && !await(page3Asked)) {
            throw new IllegalStateException("page 3 was not asked for while page 2 was");
          }
          return page(p, limit, 9);
        };
    Pager<Long> pager =
        new Pager<>(
            fetcher,
            3,
            Long::longValue,
            4,
            (p, limit) -> CompletableFuture.supplyAsync(() -> fetcher.fetch(p, limit), executor));
    List<Long> ids = new ArrayList<>();

    pager.forEachRemaining(ids::add);

    assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void withoutReadAheadOnlyOnePageIsEverInFlight() {
    List<Integer> asked = new ArrayList<>();
    Pager<Long> pager =
        new Pager<>(
            (p, limit) -> {
              asked.add(p);
              return page(p, limit, 9);
            },
            3,
            Long::longValue,
            0,
            (p, limit) -> CompletableFuture.supplyAsync(() -> page(p, limit, 9), executor));

    assertThat(pager.next()).isEqualTo(1L);

    assertThat(asked).containsExactly(1);
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
