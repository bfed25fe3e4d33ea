package io.github.devpigiteasync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback in code: one appender writing to the CLI's error stream. Quiet by default
 * (WARN), {@code -v} INFO, {@code -vv} DEBUG for this project's loggers (the clients log HTTP
 * exchanges there), {@code -vvv} DEBUG for every library too.
 */
final class Logging {
  static final String PROJECT_LOGGERS = "io.github.devpigiteasync";

  private Logging() {}

  static void configure(int verbosity, PrintStream err) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return; // another SLF4J binding is on the class path (an embedding application); leave it
      // alone
    }
    context.reset();

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(
        verbosity >= 2
            ? "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n"
            : "%-5level %logger{0} - %msg%n");
    encoder.start();

    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("stderr");
    appender.setEncoder(encoder);
    appender.setOutputStream(new NonClosing(err));
    appender.setImmediateFlush(true);
    appender.start();

    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    root.setLevel(verbosity >= 3 ? Level.DEBUG : verbosity >= 1 ? Level.INFO : Level.WARN);
    context.getLogger(PROJECT_LOGGERS).setLevel(levelFor(verbosity));
  }

  static Level levelFor(int verbosity) {
    return switch (Math.max(0, verbosity)) {
      case 0 -> Level.WARN;
      case 1 -> Level.INFO;
      default -> Level.DEBUG;
    };
  }

  /** Logback closes its stream on reset; the stream belongs to the caller. */
  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
