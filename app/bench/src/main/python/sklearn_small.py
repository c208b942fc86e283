#!/usr/bin/env python3
"""scikit-learn's peer of `modelbench train` on a small table, as one whole process (app/bench, part `small`).

    /usr/bin/python3 sklearn_small.py CSV TARGET EPOCHS BATCH PATIENCE [DROP,COLUMNS]

The same recipe as ModelBench's defaults for a table: 20 % test rows (stratified, seed 42), then 1/8 of the rest
for validation when PATIENCE > 0 (ModelBench: 10 % of all rows) ; numbers: missing values to the training mean,
standardized; other columns: one-hot of their values (missing: the most frequent); hidden layers 32 and 16 (ReLU),
Adam at 0.003, L2 0.03, mini-batches of BATCH, at most EPOCHS epochs, early stopping after PATIENCE epochs without
improvement (0: off). Prints one JSON line: test accuracy, epochs run, seconds of fit and of the script from before
its imports. Only csv and numpy are used besides scikit-learn (no pandas on the build machine).
"""
import csv
import json
import sys
import time
import warnings

T0 = time.perf_counter()
import numpy as np  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402

warnings.filterwarnings("ignore")  # ConvergenceWarning at the epoch limit, as ModelBench's run simply ends


def number(s):
    try:
        return float(s)
    except ValueError:
        return None


def encode(rows, header, target, drop):
    columns = [c for c in header if c != target and c not in drop]
    y = np.array([r[header.index(target)] for r in rows])
    parts = []
    for c in columns:
        i = header.index(c)
        cells = [r[i].strip() for r in rows]
        present = [x for x in cells if x != ""]
        if present and all(number(x) is not None for x in present):
            v = np.array([number(x) if x != "" else np.nan for x in cells])
            parts.append(("num", v))
        else:
            values = sorted(set(present))
            if len(values) > 20:  # a text column (names): ModelBench leaves it out as text
                continue
            common = max(values, key=present.count) if values else ""
            parts.append(("cat", np.array([[1.0 if (x or common) == v else 0.0 for v in values] for x in cells])))
    return parts, y


def main(argv):
    path, target, epochs, batch, patience = argv[0], argv[1], int(argv[2]), int(argv[3]), int(argv[4])
    drop = set(argv[5].split(",")) if len(argv) > 5 and argv[5] else set()
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for r in reader if r]
    parts, y = encode(rows, header, target, drop)
    idx = np.arange(len(y))
    train, test = train_test_split(idx, test_size=0.2, random_state=42, stratify=y)
    cols = []
    for kind, v in parts:
        if kind == "num":
            mean = np.nanmean(v[train])
            v = np.where(np.isnan(v), mean, v)
            sd = v[train].std() or 1.0
            cols.append(((v - v[train].mean()) / sd)[:, None])
        else:
            cols.append(v)
    x = np.hstack(cols)
    model = MLPClassifier(hidden_layer_sizes=(32, 16), solver="adam", learning_rate_init=0.003, alpha=0.03,
                          batch_size=batch, max_iter=epochs, random_state=42, early_stopping=patience > 0,
                          validation_fraction=0.125, n_iter_no_change=patience if patience > 0 else epochs + 1,
                          tol=0.0)
    t = time.perf_counter()
    model.fit(x[train], y[train])
    fit = time.perf_counter() - t
    print(json.dumps({"accuracy": float(model.score(x[test], y[test])), "epochs": int(model.n_iter_),
                      "fit_seconds": fit, "script_seconds": time.perf_counter() - T0,
                      "train_rows": int(len(train)), "inputs": int(x.shape[1])}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
