package io.sparkscale.cli;

/**
 * A command (or a mixin of one) that can run on picocli alone, without the Quarkus runtime: it uses no CDI
 * bean, no configuration and no logger, and only computes and prints. {@link Main} runs a command line that
 * way when its first subcommand implements this and every command and mixin on the parsed path that
 * implements it agrees for the options given. A command that does not implement it starts Quarkus.
 */
public interface Standalone {

  /** False when these options reach what Quarkus sets up (the S3 client and its logging, say). */
  default boolean standalone() {
    return true;
  }
}
