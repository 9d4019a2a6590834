package dev.recipe.report;

import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.record.DynamicsLine;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The dynamics plots of a recipe, as PNG files drawn with JFreeChart in headless mode: loss,
 * accuracy and learning rate over epochs, throughput, and data versus compute time. Same input,
 * same bytes (no timestamps; fixed size, colours and fonts).
 */
final class Charts {
  static final int WIDTH = 760;
  static final int HEIGHT = 400;
  private static final Paint[] COLORS = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd)
  };

  static {
    // Rendering must work on servers without a display; this must be set before AWT loads.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** A figure written next to the recipe. */
  record Figure(String file, String title, String caption) {}

  private Charts() {}

  /** Draws every plot the dynamics allow into {@code dir}; plots without data are left out. */
  static List<Figure> draw(RunFacts facts, Path dir) {
    List<Figure> out = new ArrayList<>();
    List<DynamicsLine> epochs = facts.epochs();
    List<DynamicsLine> steps = facts.steps();
    Map<String, List<double[]>> loss = new LinkedHashMap<>();
    put(loss, "train loss (logged steps)", stepSeries(steps, DynamicsLine::loss));
    put(loss, "train loss (epoch)", epochSeries(epochs, DynamicsLine::loss, 1));
    put(loss, "validation loss", epochSeries(epochs, DynamicsLine::valLoss, 1));
    line(dir, "loss.png", "Loss", "epoch", "cross-entropy loss", loss, out,
        "Training loss per logged step and per epoch, validation loss per epoch.");
    Map<String, List<double[]>> acc = new LinkedHashMap<>();
    put(acc, "train top-1", epochSeries(epochs, DynamicsLine::trainTop1, 100));
    put(acc, "validation top-1", epochSeries(epochs, DynamicsLine::valTop1, 100));
    put(acc, "validation top-5", epochSeries(epochs, DynamicsLine::valTop5, 100));
    line(dir, "accuracy.png", "Accuracy", "epoch", "accuracy (%)", acc, out,
        "Training and validation accuracy per epoch.");
    Map<String, List<double[]>> lr = new LinkedHashMap<>();
    List<double[]> lrSteps = stepSeries(steps, DynamicsLine::lr);
    put(lr, "learning rate", lrSteps.isEmpty() ? epochSeries(epochs, DynamicsLine::lr, 1) : lrSteps);
    line(dir, "lr.png", "Learning rate", "epoch", "learning rate", lr, out,
        "Learning rate as applied by the schedule (per logged optimizer step).");
    Map<String, List<double[]>> speed = new LinkedHashMap<>();
    put(speed, "images/s (epoch)", epochSeries(epochs, DynamicsLine::imagesPerSecond, 1));
    line(dir, "throughput.png", "Training throughput", "epoch", "images per second", speed, out,
        "Training images per second, per epoch (volatile: depends on the machine and its load).");
    time(dir, epochs, out);
    return out;
  }

  private static void put(Map<String, List<double[]>> m, String name, List<double[]> points) {
    if (!points.isEmpty()) {
      m.put(name, points);
    }
  }

  private static List<double[]> epochSeries(List<DynamicsLine> epochs, Function<DynamicsLine, Number> key,
      double scale) {
    List<double[]> pts = new ArrayList<>();
    for (DynamicsLine e : epochs) {
      Number y = key.apply(e);
      if (y != null && Double.isFinite(y.doubleValue())) {
        pts.add(new double[] {e.epoch(), y.doubleValue() * scale});
      }
    }
    return pts;
  }

  /**
   * Step values placed on the epoch axis: the logged steps of epoch e are spread evenly over
   * (e - 1, e], so they line up with the epoch points (logging is every N steps, evenly spaced).
   */
  private static List<double[]> stepSeries(List<DynamicsLine> steps, Function<DynamicsLine, Number> key) {
    Map<Double, List<Double>> byEpoch = new TreeMap<>();
    for (DynamicsLine s : steps) {
      Number y = key.apply(s);
      if (y != null && Double.isFinite(y.doubleValue())) {
        byEpoch.computeIfAbsent((double) s.epoch(), k -> new ArrayList<>()).add(y.doubleValue());
      }
    }
    List<double[]> pts = new ArrayList<>();
    byEpoch.forEach((e, ys) -> {
      for (int i = 0; i < ys.size(); i++) {
        pts.add(new double[] {e - 1 + (i + 1.0) / ys.size(), ys.get(i)});
      }
    });
    return pts;
  }

  private static void line(Path dir, String file, String title, String xLabel, String yLabel,
      Map<String, List<double[]>> series, List<Figure> out, String caption) {
    if (series.isEmpty()) {
      return;
    }
    XYSeriesCollection data = new XYSeriesCollection();
    series.forEach((name, pts) -> {
      XYSeries s = new XYSeries(name, false, true);
      pts.forEach(p -> s.add(p[0], p[1]));
      data.addSeries(s);
    });
    JFreeChart chart = ChartFactory.createXYLineChart(
        title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      r.setSeriesPaint(i, COLORS[i % COLORS.length]);
      r.setSeriesStroke(i, new BasicStroke(2f));
      // dense step series read better without markers
      r.setSeriesShapesVisible(i, data.getItemCount(i) <= 40);
    }
    plot.setRenderer(r);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    style(chart);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setBackgroundPaint(Color.WHITE);
    write(dir, file, chart);
    out.add(new Figure(file, title, caption));
  }

  private static void time(Path dir, List<DynamicsLine> epochs, List<Figure> out) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (DynamicsLine e : epochs) {
      String label = String.valueOf(e.epoch());
      data.addValue(e.dataSeconds(), "data loading", label);
      data.addValue(e.computeSeconds(), "compute", label);
    }
    if (data.getColumnCount() == 0) {
      return;
    }
    JFreeChart chart = ChartFactory.createStackedBarChart(
        "Data versus compute time", "epoch", "seconds", data, PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    StackedBarRenderer r = (StackedBarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, COLORS[1]);
    r.setSeriesPaint(1, COLORS[0]);
    r.setMaximumBarWidth(0.1);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    style(chart);
    write(dir, "time.png", chart);
    out.add(new Figure("time.png", "Data versus compute time",
        "Seconds per epoch spent waiting for data versus computing (volatile)."));
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
  }

  private static void write(Path dir, String file, JFreeChart chart) {
    AtomicFiles.write(dir.resolve(file), o -> ChartUtils.writeChartAsPNG(o, chart, WIDTH, HEIGHT));
  }
}
