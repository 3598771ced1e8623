package dev.cortexgateway.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** Reading cell values as numbers and instants, and writing numbers for people. */
final class ChartValues {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern ISO_DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?");

    private static final Pattern ZONE = Pattern.compile("T.*[+-]\\d{2}:?\\d{2}$");

    private ChartValues() {
    }

    /** A cell as a finite number: JSON numbers, and strings holding a plain decimal (drivers send NUMBER so). */
    static OptionalDouble number(JsonNode cell) {
        if (cell == null) {
            return OptionalDouble.empty();
        }
        double value;
        if (cell.isNumber()) {
            value = cell.doubleValue();
        } else if (cell.isTextual() && PLAIN_NUMBER.matcher(cell.asText().strip()).matches()) {
            value = Double.parseDouble(cell.asText().strip());
        } else {
            return OptionalDouble.empty();
        }
        return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
    }

    /** Whether the text is an ISO-8601 date or date-time that Vega-Lite's date parsing reads. */
    static boolean isIsoDateTime(String text) {
        return ISO_DATE_TIME.matcher(text).matches() && epochMillis(text).isPresent();
    }

    /** A temporal cell as epoch milliseconds: ISO strings (no zone means UTC) or epoch numbers. */
    static OptionalLong epochMillis(JsonNode cell) {
        if (cell == null || cell.isNull()) {
            return OptionalLong.empty();
        }
        return cell.isNumber() ? OptionalLong.of(cell.longValue()) : epochMillis(cell.asText());
    }

    private static OptionalLong epochMillis(String text) {
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        try {
            if (iso.length() == 10) {
                return OptionalLong.of(LocalDate.parse(iso).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
            }
            if (hasZone(iso)) {
                return OptionalLong.of(OffsetDateTime.parse(withColonInOffset(iso)).toInstant().toEpochMilli());
            }
            return OptionalLong.of(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli());
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }

    static boolean hasZone(String isoDateTime) {
        return isoDateTime.endsWith("Z") || ZONE.matcher(isoDateTime).find();
    }

    private static String withColonInOffset(String iso) {
        return iso.matches(".*[+-]\\d{4}$") ? iso.substring(0, iso.length() - 2) + ':' + iso.substring(iso.length() - 2) : iso;
    }

    /** At most two decimals, no exponent, no grouping: {@code 1234.5}, {@code 0.33}, {@code -12}. */
    static String format(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
        return rounded.signum() == 0 ? "0" : rounded.stripTrailingZeros().toPlainString();
    }

    /** How a cell reads in an insight: text as is, numbers formatted. */
    static String label(JsonNode cell) {
        if (cell == null || cell.isNull()) {
            return "null";
        }
        return cell.isNumber() ? format(cell.doubleValue()) : cell.asText();
    }
}
