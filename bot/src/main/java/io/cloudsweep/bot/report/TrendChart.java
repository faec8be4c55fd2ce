package io.cloudsweep.bot.report;

import io.cloudsweep.engine.report.ChartRenderer;
import io.cloudsweep.engine.report.Digest;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.NumberFormat;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The digest's trend as a PNG, drawn by JFreeChart without a display: open waste ($/month, as last recorded each week)
 * and cumulative realised savings ($) over the weeks, in DejaVu Sans shipped in the jar, so the chart is the same on a
 * laptop and in a container with no fonts installed. Thread-safe.
 */
public final class TrendChart implements ChartRenderer {

    private static final String FONT = "/net/sf/jasperreports/fonts/dejavu/DejaVuSans.ttf";
    private static final Color WASTE = new Color(0xD1, 0x4B, 0x2B);
    private static final Color SAVED = new Color(0x2E, 0x8B, 0x57);
    private static final DateTimeFormatter WEEK = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Font font;

    public TrendChart() {
        System.setProperty("java.awt.headless", "true");
        try (InputStream in = TrendChart.class.getResourceAsStream(FONT)) {
            if (in == null) {
                throw new IllegalStateException("the chart font " + FONT + " is missing from the classpath");
            }
            font = Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException("the chart font could not be read", e);
        } catch (FontFormatException e) {
            throw new IllegalStateException("the chart font is not a TrueType font", e);
        }
    }

    @Override
    public byte[] png(List<Digest.TrendPoint> trend, int width, int height) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Digest.TrendPoint point : trend) {
            String week = WEEK.format(point.weekEnding());
            data.addValue(point.openWaste().map(money -> money.amount().doubleValue()).orElse(null), "Open waste ($/month)", week);
            data.addValue(point.savedToDate().amount().doubleValue(), "Saved to date ($)", week);
        }
        JFreeChart chart = new JFreeChart("Open waste and realised savings, last " + trend.size() + " weeks", font.deriveFont(Font.BOLD, 14f),
                plot(data), true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(font.deriveFont(11f));
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        BufferedImage image = chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
        try {
            return ChartUtils.encodeAsPNG(image, false, 9);
        } catch (IOException e) {
            throw new UncheckedIOException("the chart could not be encoded as PNG", e);
        }
    }

    private CategoryPlot plot(DefaultCategoryDataset data) {
        CategoryAxis weeks = new CategoryAxis(null);
        weeks.setTickLabelFont(font.deriveFont(10f));
        // a week's label ("27 Nov") may be wider than its slot: let it be, rather than cut to "..."
        weeks.setMaximumCategoryLabelWidthRatio(1.6f);
        weeks.setLowerMargin(0.01);
        weeks.setUpperMargin(0.01);
        NumberAxis dollars = new NumberAxis("USD");
        dollars.setLabelFont(font.deriveFont(11f));
        dollars.setTickLabelFont(font.deriveFont(10f));
        NumberFormat usd = NumberFormat.getCurrencyInstance(Locale.US);
        usd.setMaximumFractionDigits(0);
        dollars.setNumberFormatOverride(usd);
        dollars.setAutoRangeIncludesZero(true);
        LineAndShapeRenderer lines = new LineAndShapeRenderer(true, true);
        lines.setSeriesPaint(0, WASTE);
        lines.setSeriesPaint(1, SAVED);
        lines.setSeriesStroke(0, new BasicStroke(2.5f));
        lines.setSeriesStroke(1, new BasicStroke(2.5f));
        CategoryPlot plot = new CategoryPlot(data, weeks, dollars, lines);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setOutlineVisible(false);
        return plot;
    }
}
