package io.sparkscale.simulate.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.simulate.TimelinePoint;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The plots are real images: the PNG decodes, the SVG parses as SVG XML, and each shows the three series. */
class TimelinePlotTest {

  static List<TimelinePoint> ramp() {
    List<TimelinePoint> points = new ArrayList<>();
    for (int i = 0; i <= 48; i++) {
      int replicas = Math.min(10, i);
      points.add(new TimelinePoint(i * 900.0, 1000L * (24 - Math.abs(24 - i)), 0, replicas, replicas,
          (replicas + 3) / 4));
    }
    return points;
  }

  @Test
  void thePngDecodesAtItsSizeAndIsNotBlank(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("run.png");
    TimelinePlot.write(ramp(), png, "steady 10/s", "a ScaledObject", "objects");
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(TimelinePlot.WIDTH);
    assertThat(image.getHeight()).isEqualTo(TimelinePlot.HEIGHT);
    // The three series' colours are drawn somewhere.
    List<Integer> colours = new ArrayList<>();
    for (int x = 0; x < image.getWidth(); x += 1) {
      for (int y = 0; y < image.getHeight(); y += 1) {
        colours.add(image.getRGB(x, y) & 0xffffff);
      }
    }
    assertThat(colours).contains(0x1f77b4, 0xd62728, 0x2ca02c);
    assertThat(Files.list(dir)).containsExactly(png);
  }

  @Test
  void theSvgIsSvgXmlWithTheChartsText(@TempDir Path dir) throws Exception {
    Path svg = dir.resolve("run.svg");
    TimelinePlot.write(ramp(), svg, "steady 10/s", "a ScaledObject", "objects");
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    // Batik names the SVG 1.0 DTD; browsers never fetch it, and tests have no network.
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document document = factory.newDocumentBuilder().parse(svg.toFile());
    assertThat(document.getDocumentElement().getLocalName()).isEqualTo("svg");
    assertThat(document.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
    assertThat(document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").getLength()).isGreaterThan(3);
    String text = document.getDocumentElement().getTextContent();
    assertThat(text).contains("steady 10/s", "a ScaledObject", "backlog (objects)", "replicas", "nodes", "time (hours)");
    assertThat(Files.list(dir)).containsExactly(svg);
  }
}
