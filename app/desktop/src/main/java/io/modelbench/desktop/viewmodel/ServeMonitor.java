package io.modelbench.desktop.viewmodel;

import io.modelbench.serve.ColumnDrift;
import io.modelbench.serve.ServeStats;
import io.modelbench.serve.ServedRequest;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Serve page shows of a running server, all bounded however long it runs: the last
 * {@value #MAX_REQUESTS} requests (newest first), failed requests as they happen, one chart point per statistics
 * poll, the drift per input column and a summary line. Changed on the UI thread only, in batches
 * ({@link ServeViewModel} coalesces the server's events).
 */
public final class ServeMonitor {

    /** The requests table keeps the last thousand requests. */
    public static final int MAX_REQUESTS = 1_000;
    /** Error lines kept. */
    public static final int MAX_ERRORS = 500;
    /** Chart points kept: ten minutes at two a second; the oldest 60 go at once, so the charts rebuild once a half-minute at most. */
    public static final int MAX_POINTS = 1_200;
    /** A column whose out-of-range, unseen or missing share is above this is highlighted. */
    public static final double DRIFT_THRESHOLD = 0.05;
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** One poll of the server's statistics, for the charts: seconds since start, requests/s, latency in ms. */
    public record StatsPoint(double seconds, double requestsPerSecond, double p50, double p95, double p99) {
    }

    private final ObservableList<ServedRequest> requests = FXCollections.observableArrayList();
    private final ObservableList<String> errors = FXCollections.observableArrayList();
    private final ObservableList<StatsPoint> points = FXCollections.observableArrayList();
    private final ObservableList<ColumnDrift> drift = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private long startedNanos = System.nanoTime();

    /** The last {@value #MAX_REQUESTS} requests, newest first. */
    public ObservableList<ServedRequest> getRequests() {
        return requests;
    }

    /** Failed requests, one line each ("21:04:10  400  req-id  client  what was wrong"), newest last. */
    public ObservableList<String> getErrors() {
        return errors;
    }

    public ObservableList<StatsPoint> getPoints() {
        return points;
    }

    /** Per input column: values seen and the shares out of the training range, unseen and missing. */
    public ObservableList<ColumnDrift> getDrift() {
        return drift;
    }

    /** "1,234 requests · 2 errors · last 5 s: 350.0 requests/s, p50 1.2 ms, p95 …, p99 … · 1 in flight". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Whether a column's drift is worth a look: any share over {@value #DRIFT_THRESHOLD}. */
    public static boolean drifting(ColumnDrift d) {
        return d.outOfRange() > DRIFT_THRESHOLD || d.unseenCategory() > DRIFT_THRESHOLD || d.missing() > DRIFT_THRESHOLD;
    }

    /** A new server: everything starts empty, and the charts' time from now. */
    void clear() {
        requests.clear();
        errors.clear();
        points.clear();
        drift.clear();
        summary.set("No requests yet.");
        startedNanos = System.nanoTime();
    }

    /** A batch of served requests, oldest first. */
    void add(List<ServedRequest> batch) {
        List<ServedRequest> newestFirst = new ArrayList<>(batch.size());
        for (int i = batch.size() - 1; i >= 0; i--) {
            newestFirst.add(batch.get(i));
        }
        if (newestFirst.size() >= MAX_REQUESTS) {
            requests.setAll(newestFirst.subList(0, MAX_REQUESTS));
        } else {
            int keep = MAX_REQUESTS - newestFirst.size();
            if (requests.size() > keep) {
                requests.remove(keep, requests.size());
            }
            requests.addAll(0, newestFirst);
        }
        List<String> failed = new ArrayList<>();
        for (ServedRequest r : batch) {
            if (r.status() >= 400 || (r.error() != null && !r.error().isEmpty())) {
                failed.add(String.format("%s  %d  %s  %s  %s", CLOCK.format(r.time()), r.status(), r.requestId(),
                        r.client(), r.error() == null ? "" : r.error()));
            }
        }
        if (!failed.isEmpty()) {
            errors.addAll(failed);
            if (errors.size() > MAX_ERRORS) {
                errors.remove(0, errors.size() - MAX_ERRORS);
            }
        }
    }

    /** "12.3", or "–" for NaN (no request in the window). */
    private static String number(double v) {
        return Double.isFinite(v) ? String.format("%.1f", v) : "–";
    }

    /** One poll of the statistics: a chart point, the drift table, the summary. */
    void add(ServeStats st) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        // no request in the window: a rate of 0, and no latency to draw (a gap)
        points.add(new StatsPoint(seconds, Double.isFinite(st.requestsPerSecond()) ? st.requestsPerSecond() : 0, st.p50Ms(), st.p95Ms(), st.p99Ms()));
        if (points.size() > MAX_POINTS) {
            points.remove(0, 60);
        }
        // one model is served from the page
        drift.setAll(st.models().isEmpty() ? List.of() : st.models().get(0).drift());
        summary.set(String.format("%,d %s · %,d %s · last %d s: %s requests/s, p50 %s ms, p95 %s ms, p99 %s ms · %d in flight",
                st.requests(), st.requests() == 1 ? "request" : "requests", st.errors(), st.errors() == 1 ? "error" : "errors",
                ServeStats.WINDOW_SECONDS, number(st.requestsPerSecond()), number(st.p50Ms()), number(st.p95Ms()),
                number(st.p99Ms()), st.inFlight()));
    }
}
