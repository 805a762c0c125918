package io.sparkscale.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import picocli.CommandLine;

/**
 * Runs sparkscale commands in-process, as the real entry point configures them (error handling, exit
 * codes), capturing what they print.
 */
public final class CliRunner {

  public record Result(int exitCode, String out, String err) {}

  private CliRunner() {}

  public static Result run(String... args) {
    return run(null, args);
  }

  /** With this ServeCommand in the tree (null: a fresh one), so the test can see what it bound. */
  public static Result run(ServeCommand serve, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = commandLine(serve, out, err).execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  /** The real command tree printing to these writers; {@code serve}, when given, is its ServeCommand. */
  static CommandLine commandLine(ServeCommand serve, Writer out, Writer err) {
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == ServeCommand.class && serve != null
            ? type.cast(serve) : CommandLine.defaultFactory().create(type);
      }
    };
    return CommandLineSetup.configure(new CommandLine(new SparkscaleCommand(), factory))
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
  }
}
