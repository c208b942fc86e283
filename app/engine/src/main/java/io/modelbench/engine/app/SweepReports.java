package io.modelbench.engine.app;

import io.modelbench.engine.api.SweepResult;
import io.modelbench.engine.api.TrialResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a sweep tells its user, the same from every front end: the last stdout line's JSON (issue 16's keys) and the
 * line per trial on stderr. The CLI's {@code sweep} and the Spark jar's {@code sweep} both print these, so their
 * outputs cannot drift apart (they were two copies before).
 */
public final class SweepReports {
    private SweepReports() {
    }

    /** "trial 2/6 finished  val_accuracy 0.9667  val_loss 0.0912  epochs 41  3.2 s  learning_rate=0.004 hidden=[64, 32]". */
    public static String line(TrialResult r, int of) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "trial %d/%d %s", r.number(), of, r.status()));
        r.validation().forEach((k, v) -> {
            if (!k.equals("f1_macro") && !k.equals("mae") && v instanceof Number n) {
                sb.append(String.format(Locale.ROOT, "  val_%s %.4f", k, n.doubleValue()));
            }
        });
        sb.append(String.format(Locale.ROOT, "  epochs %d  %.1f s  ", r.epochs(), r.seconds()));
        sb.append(r.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        if (TrialResult.FAILED.equals(r.status())) {
            String message = r.message() == null ? "" : r.message().replaceAll("\\s*\\R\\s*", " ").strip();
            sb.append("  (").append(message).append(')');
        }
        return sb.toString();
    }

    /** Exactly the keys of issue 16's JSON: {@code trials} (params, validation, epochs, status, seconds) and {@code best}. */
    public static Map<String, Object> json(SweepResult result) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (TrialResult r : result.trials()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("params", r.params());
            t.put("validation", r.validation());
            t.put("epochs", r.epochs());
            t.put("status", r.status());
            t.put("seconds", r.seconds());
            list.add(t);
        }
        Map<String, Object> best = null;
        if (result.best() != null) {
            best = new LinkedHashMap<>();
            best.put("params", result.best().params());
            best.put("validation", result.best().validation());
            best.put("test", result.best().test());
            best.put("model", result.best().model());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("trials", list);
        json.put("best", best);
        return json;
    }
}
