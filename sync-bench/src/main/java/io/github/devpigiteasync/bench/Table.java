package io.github.devpigiteasync.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Markdown table printed with aligned columns, so it reads in a terminal and pastes into a page
 * as it is.
 */
final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  Table row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "expected " + header.size() + " cells, got " + cells.length);
    }
    for (String c : cells) {
      Objects.requireNonNull(c, "cell == null");
    }
    rows.add(List.of(cells));
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  void print(PrintStream out) {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = Math.max(3, header.get(i).length());
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    out.println(line(header, width));
    StringBuilder rule = new StringBuilder("|");
    for (int w : width) {
      rule.append(' ').append("-".repeat(w)).append(" |");
    }
    out.println(rule);
    for (List<String> r : rows) {
      out.println(line(r, width));
    }
  }

  private static String line(List<String> cells, int[] width) {
    StringBuilder sb = new StringBuilder("|");
    for (int i = 0; i < width.length; i++) {
      String c = cells.get(i);
      sb.append(' ').append(c).append(" ".repeat(width[i] - c.length())).append(" |");
    }
    return sb.toString();
  }
}
