package io.modelbench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.data.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence classifier over both protocols: a request carries whole sequences (each step the values of the card's
 * channels, oldest first, in the data's units), and each answer is the sequence's class and probabilities, exactly as
 * {@code modelbench predict} gives them for the same sequences in a long table: the instances become such a table (the
 * sequence id, the time column when the model has one, the channels) and go through {@code TrainedModel.encode}, the
 * same reading ({@code SequenceTable}), encoding and padding as a file.
 *
 * <ul>
 *   <li>KServe v1: each instance is a list of steps, each a list of the channels' values ({@code [[a, b], ...]}), a
 *       plain list of numbers (a model with one channel), or an object of channel name to its list of values
 *       ({@code {"a": [...], "b": [...]}}). A model trained on sequences of different lengths takes any length up to
 *       its steps, so the instances of one request may differ in length; otherwise each has exactly its steps. The
 *       one-row form of the inputs {@code channel@k} (an object with {@code channel@1}) is still read as a table row.</li>
 *   <li>Open Inference Protocol v2: one input named {@code sequence}, shape {@code [n, steps, channels]} (or
 *       {@code [n, steps]} with one channel), the data row-major; a tensor, so the n sequences of one request share
 *       their length (up to the model's steps when it pads). Inputs named {@code channel@k} are read as columns.</li>
 * </ul>
 * The answers are those of any classifier ({@code prediction}, {@code probabilities}); {@code GET /v2/models/NAME}
 * gives the input's shape and, in {@code parameters}, the channels and the steps read (least and most).
 */
final class SequenceProtocol {

    /** The input name of a sequence classifier. */
    static final String SEQUENCE = "sequence";

    private SequenceProtocol() {
    }

    /** True when the request is in the sequence form (not the one-row {@code channel@k} form). */
    static boolean v1Sequences(JsonNode instances, HostedModel m) {
        JsonNode first = instances.get(0);
        return !(first.isObject() && first.has(column(m, 0)));
    }

    static boolean v2Sequences(JsonNode inputs) {
        return inputs.size() == 1 && SEQUENCE.equals(inputs.get(0).path("name").asText(null));
    }

    private static String column(HostedModel m, int channel) {
        return m.model.card().sequence().channels().get(channel) + "@1";
    }

    static Protocols.Rows v1(JsonNode instances, HostedModel m) {
        ModelCard.SequenceInput s = m.model.card().sequence();
        List<String[][]> sequences = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            sequences.add(v1Sequence(instances.get(i), i, s));
        }
        return encode(sequences, m);
    }

    private static String[][] v1Sequence(JsonNode inst, int i, ModelCard.SequenceInput s) {
        List<String> channels = s.channels();
        if (inst.isObject()) {
            int len = -1;
            String[][] steps = null;
            for (int c = 0; c < channels.size(); c++) {
                JsonNode values = inst.get(channels.get(c));
                if (values == null || !values.isArray()) {
                    throw HttpError.at(i, channels.get(c), "expected a list of the sequence's values, oldest first ("
                            + (values == null ? "missing" : "not a list") + "); send " + describe(s));
                }
                if (len < 0) {
                    len = checkLength(values.size(), i, s);
                    steps = new String[len][channels.size()];
                } else if (values.size() != len) {
                    throw HttpError.at(i, channels.get(c), "has " + values.size() + " values, '" + channels.get(0) + "' " + len
                            + ": give every channel one value per step");
                }
                for (int k = 0; k < len; k++) {
                    steps[k][c] = number(values.get(k), i, k, channels.get(c));
                }
            }
            return steps;
        }
        if (!inst.isArray()) {
            throw HttpError.badRequest("instance " + i + " is not a sequence: send " + describe(s));
        }
        int len = checkLength(inst.size(), i, s);
        String[][] steps = new String[len][channels.size()];
        for (int k = 0; k < len; k++) {
            JsonNode step = inst.get(k);
            if (channels.size() == 1 && !step.isArray()) {
                steps[k][0] = number(step, i, k, channels.get(0));
                continue;
            }
            if (!step.isArray() || step.size() != channels.size()) {
                throw HttpError.badRequest("instance " + i + ", step " + (k + 1) + " has " + (step.isArray() ? step.size() : 1)
                        + " values; the model reads " + channels.size() + " per step: " + String.join(", ", channels));
            }
            for (int c = 0; c < channels.size(); c++) {
                steps[k][c] = number(step.get(c), i, k, channels.get(c));
            }
        }
        return steps;
    }

    static Protocols.Rows v2(JsonNode inputs, HostedModel m) {
        ModelCard.SequenceInput s = m.model.card().sequence();
        JsonNode in = inputs.get(0);
        JsonNode shape = in.get("shape");
        int c = s.channels().size();
        if (shape == null || !shape.isArray() || shape.size() != (c == 1 ? 2 : 3) && shape.size() != 3
                || !shape.get(0).canConvertToInt() || !shape.get(1).canConvertToInt()
                || shape.size() == 3 && shape.get(2).asInt() != c) {
            throw HttpError.badRequest("input '" + SEQUENCE + "' needs the shape [n, steps, " + c + "]" + (c == 1 ? " or [n, steps]" : "")
                    + ", not " + shape + ": " + describe(s));
        }
        int n = shape.get(0).asInt();
        int len = checkLength(shape.get(1).asInt(), -1, s);
        List<JsonNode> flat = new ArrayList<>();
        flatten(in.get("data"), flat);
        if (n < 1 || flat.size() != n * len * c) {
            throw HttpError.badRequest("input '" + SEQUENCE + "' has shape " + shape + " but " + flat.size() + " values (need "
                    + Math.max(n, 0) * len * c + ")");
        }
        List<String[][]> sequences = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[][] steps = new String[len][c];
            for (int k = 0; k < len; k++) {
                for (int j = 0; j < c; j++) {
                    steps[k][j] = number(flat.get((i * len + k) * c + j), i, k, s.channels().get(j));   // row-major
                }
            }
            sequences.add(steps);
        }
        return encode(sequences, m);
    }

    /** The sequences as the long table {@code predict} reads (id, time, channels), encoded by the model. */
    private static Protocols.Rows encode(List<String[][]> sequences, HostedModel m) {
        ModelCard.SequenceInput s = m.model.card().sequence();
        List<String> cols = new ArrayList<>(List.of(s.idColumn()));
        if (s.timeColumn() != null) {
            cols.add(s.timeColumn());
        }
        cols.addAll(s.channels());
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < sequences.size(); i++) {
            for (int k = 0; k < sequences.get(i).length; k++) {
                String[] row = new String[cols.size()];
                int o = 0;
                row[o++] = Integer.toString(i);
                if (s.timeColumn() != null) {
                    row[o++] = Integer.toString(k);
                }
                System.arraycopy(sequences.get(i)[k], 0, row, o, s.channels().size());
                rows.add(row);
            }
        }
        long[] lines = java.util.stream.LongStream.range(0, rows.size()).toArray();
        float[][] x = m.encode(new Table(Protocols.SOURCE, cols, rows, lines, null));
        m.drift.countSequences(sequences, s.channels());   // read and encoded: its values count towards drift
        return new Protocols.Rows(null, x);
    }

    private static int checkLength(int len, int instance, ModelCard.SequenceInput s) {
        boolean ok = s.lengths() == null ? len == s.steps() : len >= 1 && len <= s.steps();
        if (!ok) {
            throw HttpError.badRequest((instance < 0 ? "input '" + SEQUENCE + "'" : "instance " + instance) + " has " + len
                    + " steps; the model reads " + (s.lengths() == null ? "" : "1 to ") + s.steps() + ": send " + describe(s));
        }
        return len;
    }

    /** What a sequence is, for messages and the metadata. */
    static String describe(ModelCard.SequenceInput s) {
        String steps = s.lengths() == null ? s.steps() + " steps" : "1 to " + s.steps() + " steps";
        return "a sequence of " + steps + ", oldest first, each step " + (s.channels().size() == 1 ? "one value of " + s.channels().get(0)
                : "the values of " + String.join(", ", s.channels()));
    }

    static ObjectNode v2Metadata(ObjectNode out, HostedModel m) {
        ModelCard.SequenceInput s = m.model.card().sequence();
        ArrayNode inputs = (ArrayNode) out.get("inputs");
        inputs.removeAll();
        Protocols.tensor(inputs, SEQUENCE, "FP32", -1, s.lengths() == null ? s.steps() : -1, s.channels().size());
        ObjectNode params = (ObjectNode) out.get("parameters");
        ArrayNode channels = params.putArray("channels");
        s.channels().forEach(channels::add);
        params.put("steps", s.steps());
        params.put("min_steps", s.lengths() == null ? s.steps() : 1);
        params.put("input", describe(s) + " (KServe v1: an instance per sequence; OIP v2: shape [n, steps, " + s.channels().size() + "])");
        return out;
    }

    private static String number(JsonNode v, int instance, int step, String channel) {
        if (v != null && v.isNumber()) {
            return v.asText();
        }
        if (v != null && v.isTextual()) {
            try {
                Double.parseDouble(v.textValue().trim());
                return v.textValue().trim();
            } catch (NumberFormatException ignored) {
                // said below
            }
        }
        throw HttpError.badRequest("instance " + instance + ", step " + (step + 1) + ", channel '" + channel + "': expected a number, not "
                + (v == null || v.isNull() ? "null (every step of a sequence must be known)" : v.toString()));
    }

    private static void flatten(JsonNode v, List<JsonNode> out) {
        if (v == null) {
            return;
        }
        if (v.isArray()) {
            v.forEach(e -> flatten(e, out));
        } else {
            out.add(v);
        }
    }
}
