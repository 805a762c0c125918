package io.sparkscale.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --timeline and --plot write real files, atomically, and agree with the summary. */
class SimulateOutputsTest {

  @Test
  void theTimelineCsvHasEveryChangeAndAgreesWithTheSummary(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("timeline.csv");
    JsonNode json = Sim.json(CliRunner.run("simulate", "--pattern", "steady:rate=10/s", "--duration", "20m",
        "--throughput", "2/s", "--cloud", "aws", "--target-object-count", "20", "--scale-down-period", "60",
        "--format", "json", "--timeline",
        csv.toString()));
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("t,backlogObjects,backlogBytes,replicas,readyReplicas,nodes");
    double previous = -1;
    long maxBacklog = 0;
    int maxReplicas = 0;
    int maxNodes = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      assertThat(f).hasSize(6);
      double t = Double.parseDouble(f[0]);
      assertThat(t).isGreaterThanOrEqualTo(previous);
      previous = t;
      maxBacklog = Math.max(maxBacklog, Long.parseLong(f[1]));
      assertThat(Integer.parseInt(f[4])).isLessThanOrEqualTo(Integer.parseInt(f[3]));
      maxReplicas = Math.max(maxReplicas, Integer.parseInt(f[3]));
      maxNodes = Math.max(maxNodes, Integer.parseInt(f[5]));
    }
    JsonNode s = json.get("summary");
    assertThat(maxBacklog).isEqualTo(s.get("maxBacklogObjects").asLong());
    assertThat(maxReplicas).isEqualTo(s.get("maxReplicas").asInt());
    assertThat(maxNodes).isEqualTo(s.get("maxNodes").asInt());
    // A short run keeps every point in the JSON as well.
    assertThat(json.get("timelineWindowSeconds").asDouble()).isZero();
    assertThat(json.get("timeline").size()).isEqualTo(lines.size() - 1);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(csv);
    }
  }

  @Test
  void aPngAndAnSvgPlotAreRealImages(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("run.png");
    Path svg = dir.resolve("run.svg");
    assertThat(Sim.base("--plot", png.toString()).exitCode()).isZero();
    assertThat(Sim.base("--plot", svg.toString()).exitCode()).isZero();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1200);
    assertThat(image.getHeight()).isEqualTo(600);
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    var root = factory.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
    assertThat(root.getLocalName()).isEqualTo("svg");
    assertThat(root.getTextContent()).contains("steady:rate=10/s for 2h", "backlog (objects)", "time (hours)");
    if (Files.getFileStore(png).supportsFileAttributeView(PosixFileAttributeView.class)) {
      // Written under a 0600 temporary name; the plot is meant to be read by others (a docs site, a CI job).
      assertThat(Files.getPosixFilePermissions(png)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
      assertThat(Files.getPosixFilePermissions(svg)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  @Test
  void aFailedRunLeavesAnEarlierFileAsItWas(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("timeline.csv");
    Files.writeString(csv, "earlier\n");
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "time,objects,bytes\n0,1,1\n5,x,1\n");
    Sim.badInput(CliRunner.run("simulate", "--arrivals", bad.toString(), "--throughput", "1/s", "--cloud", "aws",
        "--timeline", csv.toString()));
    assertThat(Files.readString(csv)).isEqualTo("earlier\n");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactlyInAnyOrder(csv, bad);
    }
  }
}
