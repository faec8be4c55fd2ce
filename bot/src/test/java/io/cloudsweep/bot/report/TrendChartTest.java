package io.cloudsweep.bot.report;

import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.report.Digest;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TrendChartTest {

    private static final Instant NOW = Instant.parse("2026-12-04T09:00:00Z");

    /** Twelve weeks: nothing recorded for the first three, waste falling as savings rise. */
    private static List<Digest.TrendPoint> trend() {
        List<Digest.TrendPoint> trend = new ArrayList<>();
        for (int week = 0; week < 12; week++) {
            Optional<Money> open = week < 3 ? Optional.empty() : Optional.of(Money.usd(String.valueOf(950 - week * 40)));
            trend.add(new Digest.TrendPoint(NOW.minus(Duration.ofDays(7L * (11 - week))), open, Money.usd(String.valueOf(week * week * 3))));
        }
        return trend;
    }

    private static BufferedImage decoded(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("decodes as an image").isNotNull();
        return image;
    }

    /** Whether some pixel is close to {@code rgb}. */
    private static boolean shows(BufferedImage image, int rgb) {
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int pixel = image.getRGB(x, y);
                if (Math.abs((pixel >> 16 & 0xFF) - (rgb >> 16 & 0xFF)) < 8 && Math.abs((pixel >> 8 & 0xFF) - (rgb >> 8 & 0xFF)) < 8
                        && Math.abs((pixel & 0xFF) - (rgb & 0xFF)) < 8) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void drawsBothLinesAsAPngOfTheSizeAsked() throws IOException {
        byte[] png = new TrendChart().png(trend(), 640, 300);

        assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');
        BufferedImage image = decoded(png);
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(300);
        Set<Integer> colours = new HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 3) {
            for (int y = 0; y < image.getHeight(); y += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours).as("not blank").hasSizeGreaterThan(20);
        assertThat(shows(image, 0xD14B2B)).as("the open waste line").isTrue();
        assertThat(shows(image, 0x2E8B57)).as("the savings line").isTrue();
        assertThat(png.length).as("small enough to inline in a Teams card and an email").isLessThan(30_000);
    }

    @Test
    void aTrendWithNothingRecordedYetStillDraws() throws IOException {
        List<Digest.TrendPoint> empty = new ArrayList<>();
        for (int week = 0; week < 12; week++) {
            empty.add(new Digest.TrendPoint(NOW.minus(Duration.ofDays(7L * (11 - week))), Optional.empty(), Money.ZERO));
        }

        BufferedImage image = decoded(new TrendChart().png(empty, 320, 160));

        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(shows(image, 0x2E8B57)).as("savings at zero still show").isTrue();
    }
}
