package io.github.devpigiteasync.sync.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the line structure of an INI text: section headers, option names and their line numbers.
 * Commons Configuration silently merges duplicate sections, keeps duplicate options as lists and
 * turns a line without {@code =} into an option with an empty value; this scan finds those cases so
 * they can be reported. Values are still read through {@code INIConfiguration}.
 */
final class IniScanner {
  private static final Pattern HEADER = Pattern.compile("^\\[([^\\[\\]]*)\\]\\s*(?:[#;].*)?$");

  /** One section; options map to every line they appear on. */
  record Section(String name, int line, Map<String, List<Integer>> options) {}

  private IniScanner() {}

  static List<Section> scan(String text, Problems problems) {
    Map<String, Section> sections = new LinkedHashMap<>();
    String[] lines = text.split("\\R", -1);
    @Nullable Section current = null;
    boolean inBrokenSection = false;
    boolean continuation = false;
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i].strip();
      if (continuation) {
        continuation = continues(line);
        continue;
      }
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      String where = current == null ? "" : current.name();
      if (line.startsWith("[")) {
        Matcher m = HEADER.matcher(line);
        if (!m.matches() || m.group(1).isBlank()) {
          problems.add(
              "",
              "",
              "line "
                  + lineNo
                  + " is not a valid section header; expected [name], e.g. [gitea] or [mapping:web]");
          current = null;
          inBrokenSection = true;
          continue;
        }
        String name = m.group(1);
        Section existing = sections.get(name);
        if (existing != null) {
          problems.add(
              name,
              "",
              "section appears twice (lines "
                  + existing.line()
                  + " and "
                  + lineNo
                  + "); merge them into one");
          current = existing;
        } else {
          current = new Section(name, lineNo, new LinkedHashMap<>());
          sections.put(name, current);
        }
        inBrokenSection = false;
        continue;
      }
      int sep = separator(line);
      if (sep < 0) {
        if (!inBrokenSection) {
          problems.add(where, "", "line " + lineNo + " is not an option; expected name = value");
        }
        continue;
      }
      String key = line.substring(0, sep).strip();
      continuation = continues(line);
      if (key.isEmpty()) {
        if (!inBrokenSection) {
          problems.add(
              where,
              "",
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
              "",
              key,
              "line "
                  + lineNo
                  + " is outside any section; put it under a section header such as [gitea]");
        }
        continue;
      }
      current.options().computeIfAbsent(key, k -> new ArrayList<>()).add(lineNo);
    }
    return List.copyOf(sections.values());
  }

  // INIConfiguration continues a value on the next line when it ends with a backslash preceded by
  // white space (or is only a backslash).
  private static boolean continues(String line) {
    if (!line.endsWith("\\")) {
      return false;
    }
    int sep = separator(line);
    String value = sep < 0 ? line : line.substring(sep + 1).strip();
    return value.equals("\\")
        || line.length() > 2 && Character.isWhitespace(line.charAt(line.length() - 2));
  }

  private static int separator(String line) {
    int eq = line.indexOf('=');
    int colon = line.indexOf(':');
    if (eq < 0) {
      return colon;
    }
    return colon < 0 ? eq : Math.min(eq, colon);
  }
}
