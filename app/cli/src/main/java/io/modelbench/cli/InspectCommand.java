package io.modelbench.cli;

import io.modelbench.engine.api.ColumnProfile;
import io.modelbench.engine.data.QualityHints;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.app.Datasets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code modelbench inspect}: the inferred schema of a table, as one JSON line. */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        versionProvider = ModelBenchCli.VersionProvider.class,
        description = {"Print the inferred schema of a table as one JSON object: rows, and per column its name, type, "
                + "missing and distinct counts, for a number column the values that are not finite numbers (invalid, as train "
                + "refuses them), range and mean, and why it would be left out of the inputs (note)."},
        usageHelpAutoWidth = true)
final class InspectCommand implements Callable<Integer> {

    @CommandLine.Mixin
    EncodingOption encodingOption = new EncodingOption();

    @Parameters(index = "0", paramLabel = "FILE", description = "A CSV file with a header row, or sample:ID.")
    String data;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Table table = encodingOption.open(data);
        List<Map<String, Object>> columns = new ArrayList<>();
        List<String> invalidHints = new ArrayList<>();
        List<ColumnProfile> profiles = Datasets.table(table).profiles();
        for (int col = 0; col < profiles.size(); col++) {
            ColumnProfile p = profiles.get(col);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", p.name());
            c.put("type", p.type().id());
            c.put("missing", p.missing());
            if (p.type().isNumber()) {
                invalid(table, col, c, invalidHints);
            }
            c.put("distinct", p.distinct());
            if (p.min() != null) {
                c.put("min", p.min());
                c.put("max", p.max());
                c.put("mean", p.mean());
            }
            if (!p.note().isEmpty()) {
                c.put("note", p.note());
            }
            columns.add(c);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("file", CliSupport.dataDisplay(data));
        result.put("rows", table.rowCount());
        result.put("sha256", table.sha256());
        result.put("columns", columns);
        List<Map<String, String>> hints = new ArrayList<>();
        invalidHints.forEach(h -> spec.commandLine().getErr().println("hint: " + h));
        for (QualityHints.Hint h : QualityHints.of(table)) {
            spec.commandLine().getErr().println("hint: " + h);
            hints.add(Map.of("column", h.column(), "problem", h.problem(), "action", h.action()));
        }
        result.put("hints", hints);
        CliSupport.printJson(spec.commandLine().getOut(), result);
        return 0;
    }

    /**
     * A number column's cells that are neither numbers nor empty ({@code 1e400}, {@code inf}, text): {@code invalid} and
     * the first one's line, as train refuses them (inspect showed them as nothing at all, train stopped at them).
     */
    private static void invalid(Table table, int col, Map<String, Object> c, List<String> hints) {
        int invalid = 0;
        int first = -1;
        for (int r = 0; r < table.rowCount(); r++) {
            if (Double.isNaN(table.number(r, col)) && !table.isMissing(r, col)) {
                invalid++;
                first = first < 0 ? r : first;
            }
        }
        if (invalid > 0) {
            String v = table.value(first, col).trim();
            String cell = "line " + table.line(first) + ": '" + (v.length() > 40 ? v.substring(0, 37) + "..." : v) + "'";
            c.put("invalid", invalid);
            c.put("first_invalid", cell);
            hints.add("column '" + table.columns().get(col) + "': " + invalid + (invalid == 1 ? " value is" : " values are")
                    + " not a finite number (" + cell + "); train refuses them: fix them, or leave them empty if missing");
        }
    }
}
