package io.sparkscale.simulate.report;

import io.sparkscale.simulate.TimelinePoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.w3c.dom.Document;

/**
 * Backlog (left axis), replicas and nodes (right axis) over time, drawn by JFreeChart: to PNG through AWT, to SVG
 * through Batik's SVG Graphics2D. Headless: no display is needed. Steps, since each value holds until it changes.
 */
public final class TimelinePlot {

  public enum Format { PNG, SVG }

  static final int WIDTH = 1200;
  static final int HEIGHT = 600;
  private static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";

  private TimelinePlot() {}

  /** The format a file name asks for, or null. */
  public static Format formatOf(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".png") ? Format.PNG : name.endsWith(".svg") ? Format.SVG : null;
  }

  /**
   * @param title the arrivals, say
   * @param subtitle the scaler's settings, say
   * @param backlogLabel what the backlog counts ("objects")
   */
  public static void write(List<TimelinePoint> points, Path target, String title, String subtitle,
      String backlogLabel) {
    Format format = formatOf(target);
    if (format == null) {
      throw new IllegalArgumentException("not a .png or .svg file: " + target);
    }
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    JFreeChart chart = chart(points, title, backlogLabel);
    if (subtitle != null) {
      chart.addSubtitle(new org.jfree.chart.title.TextTitle(subtitle));
    }
    try (AtomicFile file = new AtomicFile(target)) {
      try (OutputStream out = file.open()) {
        if (format == Format.PNG) {
          ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        } else {
          svg(chart, out);
        }
      }
      file.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  static JFreeChart chart(List<TimelinePoint> points, String title, String backlogLabel) {
    double end = points.isEmpty() ? 0 : points.get(points.size() - 1).t();
    double scale = end <= 2 * 3600 ? 60 : end <= 3 * 86_400 ? 3600 : 86_400;
    String unit = scale == 60 ? "minutes" : scale == 3600 ? "hours" : "days";
    XYSeries backlog = new XYSeries("backlog (" + backlogLabel + ")", false, true);
    XYSeries replicas = new XYSeries("replicas", false, true);
    XYSeries nodes = new XYSeries("nodes", false, true);
    for (TimelinePoint p : points) {
      double x = p.t() / scale;
      backlog.add(x, p.backlogObjects());
      replicas.add(x, p.replicas());
      nodes.add(x, p.nodes());
    }
    NumberAxis time = new NumberAxis("time (" + unit + ")");
    time.setAutoRangeIncludesZero(true);
    NumberAxis backlogAxis = new NumberAxis("backlog (" + backlogLabel + ")");
    NumberAxis counts = new NumberAxis("replicas, nodes");
    counts.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    XYStepRenderer backlogRenderer = new XYStepRenderer();
    backlogRenderer.setSeriesPaint(0, new Color(0x1f, 0x77, 0xb4));
    backlogRenderer.setSeriesStroke(0, new BasicStroke(1.5f));
    XYStepRenderer countRenderer = new XYStepRenderer();
    countRenderer.setSeriesPaint(0, new Color(0xd6, 0x27, 0x28));
    countRenderer.setSeriesPaint(1, new Color(0x2c, 0xa0, 0x2c));
    countRenderer.setSeriesStroke(0, new BasicStroke(1.5f));
    countRenderer.setSeriesStroke(1, new BasicStroke(1.5f));
    XYPlot plot = new XYPlot(new XYSeriesCollection(backlog), time, backlogAxis, backlogRenderer);
    XYSeriesCollection right = new XYSeriesCollection();
    right.addSeries(replicas);
    right.addSeries(nodes);
    plot.setDataset(1, right);
    plot.setRangeAxis(1, counts);
    plot.mapDatasetToRangeAxis(1, 1);
    plot.setRenderer(1, countRenderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static void svg(JFreeChart chart, OutputStream out) throws IOException {
    Document document;
    try {
      document = DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation()
          .createDocument(SVG_NAMESPACE, "svg", null);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no XML DOM available: " + e.getMessage(), e);
    }
    SVGGraphics2D graphics = new SVGGraphics2D(document);
    graphics.setSVGCanvasSize(new Dimension(WIDTH, HEIGHT));
    chart.draw(graphics, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    graphics.stream(writer, true);
    writer.flush();
  }
}
