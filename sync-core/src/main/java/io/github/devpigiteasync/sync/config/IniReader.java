package io.github.devpigiteasync.sync.config;

import io.github.devpigiteasync.sync.config.ConfigProblem.Code;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads INI text once into sections and options that remember their line numbers, reporting every
 * line that is neither a section header nor {@code name = value}.
 *
 * <p>Values follow the rules of the Python tool's files as Commons Configuration's {@code
 * INIConfiguration} read them, which users rely on: {@code #} or {@code ;} after white space starts
 * a comment; a value in double (or single) quotes keeps comment characters, with {@code \"}
 * escaping the quote; a value ending in white space and {@code \} continues on the next line; no
 * list splitting. Section names are taken verbatim, dots and all ({@code [gitea:my.org]}).
 */
final class IniReader {
  private static final Pattern HEADER = Pattern.compile("^\\[([^\\[\\]]*)\\]\\s*(?:[#;].*)?$");
  private static final Pattern LINES = Pattern.compile("\r\n|\r|\n");
  private static final String COMMENT_CHARS = "#;";
  private static final String SEPARATOR_CHARS = "=:";
  private static final String QUOTE_CHARS = "\"'";

  /** One {@code name = value} line (with its continuation lines). */
  record Entry(String name, String value, int line) {}

  /**
   * One section, with its entries in file order; a section given twice is merged into its first.
   */
  record Section(String name, int line, List<Entry> entries) {
    /** Entries by option name, in order of first appearance. */
    Map<String, List<Entry>> options() {
      Map<String, List<Entry>> byName = new LinkedHashMap<>();
      for (Entry e : entries) {
        byName.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e);
      }
      return byName;
    }

    /** The first entry of an option. */
    Optional<Entry> first(String option) {
      return entries.stream().filter(e -> e.name().equals(option)).findFirst();
    }
  }

  /** The sections of a file, and whether a broken header hid part of it. */
  record Document(List<Section> sections, boolean broken) {
    /** The line of an option (its first appearance), else of its section; 0 when neither exists. */
    int lineOf(String section, String option) {
      for (Section s : sections) {
        if (s.name().equals(section)) {
          return option.isEmpty() ? s.line() : s.first(option).map(Entry::line).orElse(s.line());
        }
      }
      return 0;
    }
  }

  private IniReader() {}

  static Document read(String text, Problems problems) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    String[] lines = LINES.split(body, -1);
    Map<String, SectionBuilder> sections = new LinkedHashMap<>();
    @Nullable SectionBuilder current = null;
    boolean inBrokenSection = false;
    boolean broken = false;
    int i = 0;
    while (i < lines.length) {
      int lineNo = i + 1;
      String line = lines[i].strip();
      i++;
      if (line.isEmpty() || COMMENT_CHARS.indexOf(line.charAt(0)) >= 0) {
        continue;
      }
      String where = current == null ? "" : current.name;
      if (line.startsWith("[")) {
        Matcher m = HEADER.matcher(line);
        if (!m.matches() || m.group(1).isBlank()) {
          problems.add(
              lineNo,
              "",
              "",
              Code.BAD_SECTION_HEADER,
              "line "
                  + lineNo
                  + " is not a valid section header; expected [name], e.g. [gitea] or [mapping:web]");
          current = null;
          inBrokenSection = true;
          broken = true;
          continue;
        }
        String name = m.group(1);
        SectionBuilder existing = sections.get(name);
        if (existing != null) {
          problems.add(
              lineNo,
              name,
              "",
              Code.DUPLICATE_SECTION,
              "section appears twice (lines "
                  + existing.line
                  + " and "
                  + lineNo
                  + "); merge them into one");
          current = existing;
        } else {
          current = new SectionBuilder(name, lineNo);
          sections.put(name, current);
        }
        inBrokenSection = false;
        continue;
      }
      int sep = separator(line);
      if (sep < 0) {
        if (!inBrokenSection) {
          problems.add(
              lineNo,
              where,
              "",
              Code.NOT_AN_OPTION,
              "line " + lineNo + " is not an option; expected name = value");
        }
        continue;
      }
      String key = line.substring(0, sep).strip();
      StringBuilder value = new StringBuilder();
      i = value(line.substring(sep + 1), lines, i, value);
      if (key.isEmpty()) {
        if (!inBrokenSection) {
          problems.add(
              lineNo,
              where,
              "",
              Code.NOT_AN_OPTION,
              "line "
                  + lineNo
                  + " has no option name before '"
                  + line.charAt(sep)
                  + "'; expected name = value");
        }
        continue;
      }
      if (current == null) {
        if (!inBrokenSection) {
          problems.add(
              lineNo,
              "",
              key,
              Code.OUTSIDE_SECTION,
              "line "
                  + lineNo
                  + " is outside any section; put it under a section header such as [gitea]");
        }
        continue;
      }
      current.entries.add(new Entry(key, value.toString(), lineNo));
    }
    List<Section> result = new ArrayList<>();
    sections.values().forEach(s -> result.add(new Section(s.name, s.line, List.copyOf(s.entries))));
    return new Document(List.copyOf(result), broken);
  }

  private static final class SectionBuilder {
    final String name;
    final int line;
    final List<Entry> entries = new ArrayList<>();

    SectionBuilder(String name, int line) {
      this.name = name;
      this.line = line;
    }
  }

  /**
   * Reads the value that starts with {@code first} into {@code out}, consuming continuation lines
   * from {@code next}; returns the index of the next unread line.
   */
  private static int value(String first, String[] lines, int next, StringBuilder out) {
    String value = first.strip();
    int index = next;
    boolean continues;
    do {
      boolean quoted = !value.isEmpty() && QUOTE_CHARS.indexOf(value.charAt(0)) >= 0;
      char quote = quoted ? value.charAt(0) : 0;
      StringBuilder result = new StringBuilder();
      boolean escape = false;
      boolean stop = false;
      char last = 0;
      int i = quoted ? 1 : 0;
      while (i < value.length() && !stop) {
        char c = value.charAt(i);
        if (quoted) {
          if (c == '\\' && !escape) {
            escape = true;
          } else if (!escape && c == quote) {
            stop = true;
          } else {
            if (escape && c != quote) {
              result.append('\\');
            }
            escape = false;
            result.append(c);
          }
        } else if (COMMENT_CHARS.indexOf(c) >= 0 && Character.isWhitespace(last)) {
          stop = true;
        } else {
          result.append(c);
        }
        i++;
        last = c;
      }
      String v = result.toString();
      if (quoted) {
        continues = continues(restBeforeComment(value, i));
      } else {
        v = v.strip();
        continues = continues(v);
        if (continues) {
          v = v.substring(0, v.length() - 1).strip();
        }
      }
      out.append(v);
      if (continues) {
        if (index >= lines.length) {
          break;
        }
        out.append('\n');
        value = lines[index++];
      }
    } while (continues);
    return index;
  }

  private static String restBeforeComment(String line, int pos) {
    if (pos >= line.length()) {
      return line;
    }
    int end = pos;
    while (end < line.length() && COMMENT_CHARS.indexOf(line.charAt(end)) < 0) {
      end++;
    }
    return line.substring(pos, end);
  }

  // a value goes on when it ends with a backslash preceded by white space (or is only a backslash)
  private static boolean continues(String text) {
    String s = text.strip();
    return s.equals("\\")
        || s.length() > 2 && s.endsWith("\\") && Character.isWhitespace(s.charAt(s.length() - 2));
  }

  // The separator is the = or : right before an opening quote, else the first = or :.
  private static int separator(String line) {
    int quote = firstOf(line, QUOTE_CHARS);
    int index = quote - 1;
    while (index >= 0 && Character.isWhitespace(line.charAt(index))) {
      index--;
    }
    if (index >= 0 && SEPARATOR_CHARS.indexOf(line.charAt(index)) >= 0) {
      return index;
    }
    return firstOf(line, SEPARATOR_CHARS);
  }

  private static int firstOf(String line, String chars) {
    for (int i = 0; i < line.length(); i++) {
      if (chars.indexOf(line.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
