package io.sparkscale.cli.render;

import picocli.CommandLine.Option;

/** --image: the Spark image of what a render command writes (sparkapplication, sparkcluster, scaledjob). */
public class SparkImageOption {

  @Option(names = "--image", required = true, paramLabel = "IMAGE",
      description = "Spark image, e.g. apache/spark:4.2.0.")
  String image;

  public String image() {
    return image;
  }
}
