package io.modelbench.engine.data;

import io.modelbench.engine.api.InputException;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dates of a time column: the first of a short ordered list of formats that reads every cell (ISO date-times and
 * dates, {@code YYYYMMDD}, {@code Jan-1-1995}-like, day or month first with slashes or dots, {@code 1950-03}-like
 * months, plain years), and the regular step between consecutive times (seconds, days, months or years). Parsing is
 * strict ({@code 1995-02-30} is refused), month names are English and case-insensitive. Ambiguous numeric dates
 * ({@code 01/02/1995}) are read month first, the first pattern in the list that fits every cell.
 */
public final class TimeFormats {

    /** What a cell names: an instant of a day, a day, a month or a year. */
    public enum Kind { DATE_TIME, DATE, MONTH, YEAR }

    /** A format: its pattern (as {@code java.time} writes it), its kind, and the formatter that reads and writes it. */
    public record Format(String pattern, Kind kind, DateTimeFormatter formatter) {

        /** The cell's time; a {@code DateTimeParseException} when it does not fit. */
        public LocalDateTime parse(String text) {
            String s = text.strip();
            return switch (kind) {
                case DATE_TIME -> LocalDateTime.parse(s, formatter);
                case DATE -> LocalDate.parse(s, formatter).atStartOfDay();
                case MONTH -> YearMonth.parse(s, formatter).atDay(1).atStartOfDay();
                case YEAR -> {
                    if (!s.matches("\\d{1,4}")) {
                        throw new DateTimeParseException("not a year", s, 0);
                    }
                    yield Year.of(Integer.parseInt(s)).atDay(1).atStartOfDay();
                }
            };
        }

        /** A time written in this format (for steps that are not in the file: filled gaps and future steps). */
        public String format(LocalDateTime t) {
            return switch (kind) {
                case YEAR -> Integer.toString(t.getYear());
                case MONTH -> YearMonth.from(t).format(formatter);
                case DATE -> t.toLocalDate().format(formatter);
                case DATE_TIME -> t.format(formatter);
            };
        }
    }

    /** The formats tried, in order. */
    public static final List<Format> FORMATS = List.of(
            format("uuuu-MM-dd'T'HH:mm[:ss][.SSS]", Kind.DATE_TIME),
            format("uuuu-MM-dd HH:mm[:ss][.SSS]", Kind.DATE_TIME),
            format("uuuu-MM-dd", Kind.DATE),
            format("uuuuMMdd", Kind.DATE),
            format("uuuu/MM/dd", Kind.DATE),
            format("uuuu.MM.dd", Kind.DATE),
            format("MMM-d-uuuu", Kind.DATE),
            format("MMM d, uuuu", Kind.DATE),
            format("MMMM d, uuuu", Kind.DATE),
            format("d-MMM-uuuu", Kind.DATE),
            format("d MMM uuuu", Kind.DATE),
            format("M/d/uuuu", Kind.DATE),
            format("d.M.uuuu", Kind.DATE),
            format("d/M/uuuu", Kind.DATE),
            format("uuuu-MM", Kind.MONTH),
            format("uuuu/MM", Kind.MONTH),
            format("uuuu'M'MM", Kind.MONTH),
            format("MMM-uuuu", Kind.MONTH),
            format("MMM uuuu", Kind.MONTH),
            format("MMMM uuuu", Kind.MONTH),
            format("uuuu-MMM", Kind.MONTH),
            format("M/uuuu", Kind.MONTH),
            format("uuuu", Kind.YEAR));

    private TimeFormats() {
    }

    private static Format format(String pattern, Kind kind) {
        DateTimeFormatter f = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                .toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
        return new Format(pattern, kind, f);
    }

    /**
     * The first format that reads every non-empty cell of the column; an {@code InputException} naming the file, the
     * line and the cell otherwise (the first cell that the format reading the most cells cannot read).
     */
    public static Format detect(Table table, int column) {
        String name = table.columns().get(column);
        Format best = null;
        int bestCount = -1;
        int bestFail = -1;
        for (Format f : FORMATS) {
            int ok = 0;
            int fail = -1;
            for (int r = 0; r < table.rowCount(); r++) {
                if (table.isMissing(r, column)) {
                    continue;
                }
                if (fits(f, table.value(r, column))) {
                    ok++;
                } else if (fail < 0) {
                    fail = r;
                }
            }
            if (fail < 0 && ok > 0) {
                return f;
            }
            if (ok > bestCount) {
                best = f;
                bestCount = ok;
                bestFail = fail;
            }
        }
        if (bestCount <= 0 || best == null) {
            throw InputException.column(table.source(), name, "holds no dates ModelBench can read",
                    "use ISO dates such as 1995-01-31, YYYYMMDD, Jan-31-1995, months such as 1995-01, or plain years");
        }
        throw InputException.cell(table.source(), table.line(bestFail), name, "'" + table.value(bestFail, column)
                        + "' is not a date in the column's format (" + best.pattern() + ", which the other cells fit), so the rows cannot be sorted",
                "correct the cell, or delete the row");
    }

    private static boolean fits(Format f, String text) {
        try {
            f.parse(text);
            return true;
        } catch (java.time.DateTimeException e) {
            return false;
        }
    }

    /** The regular step between times: {@code amount} of {@code unit}; {@code endOfMonth} for month-end dates. */
    public record Step(ChronoUnit unit, long amount, boolean endOfMonth) {

        /** Whole steps from {@code origin} to {@code t}; -1 when {@code t} is not on the grid that starts at origin. */
        public long index(LocalDateTime origin, LocalDateTime t) {
            long units = endOfMonth || unit == ChronoUnit.MONTHS || unit == ChronoUnit.YEARS
                    ? unit.between(YearMonth.from(origin), YearMonth.from(t))
                    : unit.between(origin, t);
            boolean aligned = switch (unit) {
                case MONTHS, YEARS -> endOfMonth || sameAnchor(origin, t);
                default -> origin.plus(units, unit).equals(t);
            };
            return aligned && units % amount == 0 ? units / amount : -1;
        }

        /** The time {@code i} steps after {@code origin}. */
        public LocalDateTime at(LocalDateTime origin, long i) {
            LocalDateTime t = origin.plus(i * amount, unit);
            return endOfMonth ? YearMonth.from(t).atEndOfMonth().atTime(t.toLocalTime()) : t;
        }

        /** In words, such as "1 month" or "7 days". */
        public String describe() {
            String u = unit.toString().toLowerCase(Locale.ROOT);
            return amount + " " + (amount == 1 ? u.substring(0, u.length() - 1) : u);
        }

        private boolean sameAnchor(LocalDateTime a, LocalDateTime b) {
            boolean sameDay = a.getDayOfMonth() == b.getDayOfMonth() && a.toLocalTime().equals(b.toLocalTime());
            return unit == ChronoUnit.YEARS ? sameDay && a.getMonth() == b.getMonth() : sameDay;
        }
    }

    /**
     * The step of sorted times (each list one series, in order, without repeats): years for plain years, months for
     * months and for dates on one day of the month (or every month's last day), else the most common difference in
     * days (or seconds when the times have a time of day). An {@code InputException} when no two times differ.
     */
    public static Step step(Kind kind, List<List<LocalDateTime>> series, String source, String column) {
        List<LocalDateTime> all = new ArrayList<>();
        series.forEach(all::addAll);
        boolean midnight = all.stream().allMatch(t -> t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT));
        boolean oneDay = all.stream().map(LocalDateTime::getDayOfMonth).distinct().count() == 1 && all.get(0).getDayOfMonth() <= 28;
        boolean monthEnd = all.stream().allMatch(t -> t.getDayOfMonth() == t.toLocalDate().lengthOfMonth())
                && all.stream().map(LocalDateTime::getDayOfMonth).distinct().count() > 1;
        ChronoUnit unit;
        if (kind == Kind.YEAR) {
            unit = ChronoUnit.YEARS;
        } else if (kind == Kind.MONTH || (midnight && (oneDay || monthEnd))) {
            unit = ChronoUnit.MONTHS;
        } else {
            unit = midnight ? ChronoUnit.DAYS : ChronoUnit.SECONDS;
        }
        Map<Long, Integer> counts = new HashMap<>();
        for (List<LocalDateTime> s : series) {
            for (int i = 1; i < s.size(); i++) {
                long d = unit == ChronoUnit.MONTHS || unit == ChronoUnit.YEARS
                        ? unit.between(YearMonth.from(s.get(i - 1)), YearMonth.from(s.get(i)))
                        : unit.between(s.get(i - 1), s.get(i));
                if (d > 0) {
                    counts.merge(d, 1, Integer::sum);
                }
            }
        }
        if (counts.isEmpty()) {
            throw InputException.column(source, column, "has fewer than two different times", "a series needs at least two time steps");
        }
        long amount = counts.entrySet().stream().max(Map.Entry.<Long, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).orElseThrow().getKey();
        if (unit == ChronoUnit.MONTHS && amount % 12 == 0 && kind != Kind.MONTH && oneDay
                && all.stream().map(LocalDateTime::getMonth).distinct().count() == 1) {
            return new Step(ChronoUnit.YEARS, amount / 12, false);
        }
        return new Step(unit, amount, monthEnd && unit == ChronoUnit.MONTHS);
    }
}
