package io.sparkscale.cli.render;

import io.sparkscale.cli.CommandLineSetup;
import io.sparkscale.cli.SparkscaleCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs sparkscale in-process, as the real entry point configures it. */
final class Cli {

  record Result(int exitCode, String out, String err) {}

  private Cli() {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CommandLineSetup.configure(new CommandLine(new SparkscaleCommand()));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }
}
