package io.github.devpigiteasync.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (prometheus' own parser is not on
 * the class path): every line must be a {@code # HELP}, a {@code # TYPE} or a sample of a family
 * whose TYPE came first.
 */
final class PrometheusText {
  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE =
      Pattern.compile("(" + NAME + ")(?:\\{(.*)\\})? (\\S+)(?: (-?[0-9]+))?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

  record Sample(String name, Map<String, String> labels, double value) {}

  final Map<String, String> types = new LinkedHashMap<>();
  final List<Sample> samples = new ArrayList<>();

  private PrometheusText() {}

  static PrometheusText parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new AssertionError("exposition does not end with a newline");
    }
    PrometheusText result = new PrometheusText();
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty()) {
        continue;
      }
      Matcher m;
      if ((m = HELP.matcher(line)).matches()) {
        continue;
      }
      if ((m = TYPE.matcher(line)).matches()) {
        if (result.types.put(m.group(1), m.group(2)) != null) {
          throw new AssertionError("line " + lineNo + ": second TYPE for " + m.group(1));
        }
        continue;
      }
      if (line.startsWith("#")) {
        throw new AssertionError("line " + lineNo + ": malformed comment: " + line);
      }
      if (!(m = SAMPLE.matcher(line)).matches()) {
        throw new AssertionError("line " + lineNo + ": malformed sample: " + line);
      }
      String name = m.group(1);
      if (result.family(name).isEmpty()) {
        throw new AssertionError("line " + lineNo + ": sample before its TYPE: " + line);
      }
      result.samples.add(new Sample(name, labels(m.group(2), lineNo), value(m.group(3), lineNo)));
    }
    return result;
  }

  /** The declared family of a sample name (histogram and counter suffixes stripped as needed). */
  Optional<String> family(String sampleName) {
    if (types.containsKey(sampleName)) {
      return Optional.of(sampleName);
    }
    for (String suffix : List.of("_total", "_created", "_bucket", "_count", "_sum")) {
      if (sampleName.endsWith(suffix)) {
        String base = sampleName.substring(0, sampleName.length() - suffix.length());
        if (types.containsKey(base)) {
          return Optional.of(base);
        }
      }
    }
    return Optional.empty();
  }

  /** The value of the one sample with this name and exactly these labels. */
  double value(String name, String... labelPairs) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      wanted.put(labelPairs[i], labelPairs[i + 1]);
    }
    List<Sample> found =
        samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(wanted)).toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " samples " + name + wanted + " in " + samples);
    }
    return found.get(0).value();
  }

  private static Map<String, String> labels(String text, int lineNo) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return labels;
    }
    Matcher m = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new AssertionError("line " + lineNo + ": malformed labels: {" + text + "}");
      }
      labels.put(m.group(1), unescape(m.group(2)));
      at = m.end();
    }
    return labels;
  }

  private static String unescape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        char next = text.charAt(++i);
        out.append(next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static double value(String text, int lineNo) {
    switch (text) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new AssertionError("line " + lineNo + ": malformed value " + text, e);
        }
    }
  }
}
