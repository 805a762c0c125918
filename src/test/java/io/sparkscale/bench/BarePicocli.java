package io.sparkscale.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The start-up reference (case 5): a bare picocli command with one option, run on the same JVM and the same
 * picocli jar as the packaged application. What a JVM CLI costs before it does anything of its own.
 */
@Command(name = "bare")
public final class BarePicocli implements Runnable {

  @Option(names = "--data-size")
  String dataSize;

  @Override
  public void run() {
    System.out.println("data size " + dataSize);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BarePicocli()).execute(args));
  }
}
