package io.cloudsweep.bot.cli;

import io.cloudsweep.bot.report.ReportFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Option values read with messages for people, not Java's. */
final class Converters {

    private Converters() {
    }

    /** An amount of US dollars, such as 25 or 12.50. */
    static final class Usd implements ITypeConverter<BigDecimal> {
        @Override
        public BigDecimal convert(String value) {
            try {
                return new BigDecimal(value.trim().replaceFirst("^\\$", ""));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not an amount in USD, such as 25 or 12.50");
            }
        }
    }

    /** A report format by its name, in any case. */
    static final class Format implements ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String value) {
            for (ReportFormat format : ReportFormat.values()) {
                if (format.name().equalsIgnoreCase(value.trim())) {
                    return format;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a format: " + Arrays.stream(ReportFormat.values())
                    .map(format -> format.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }
}
