"""Writes the Keras 2 .h5 files the Keras import tests read (python3 make_models.py; needs h5py and numpy).

They are laid out as Keras 2.x (tf.keras) saves a Sequential model with model.save("x.h5"): the architecture
as JSON in the root attribute 'model_config', Keras and backend versions, and the weights under
'model_weights'. No TensorFlow is needed to write them; the weights are small seeded random numbers, as a
freshly built Keras model has (ModelBench imports the architecture, not the weights).
"""
import json

import h5py
import numpy as np

rng = np.random.default_rng(7)


def dense(name, units, activation, l2=None, input_shape=None):
    cfg = {"name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
           "use_bias": True,
           "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
           "bias_initializer": {"class_name": "Zeros", "config": {}},
           "kernel_regularizer": None if l2 is None else {"class_name": "L2", "config": {"l2": l2}},
           "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}
    if input_shape is not None:
        cfg["batch_input_shape"] = [None] + list(input_shape)
    return {"class_name": "Dense", "config": cfg}


def write(path, layers, weights):
    config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = np.bytes_("2.4.0")
        f.attrs["backend"] = np.bytes_("tensorflow")
        f.attrs["model_config"] = np.bytes_(json.dumps(config))
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = np.array([np.bytes_(l["config"]["name"]) for l in layers if l["class_name"] != "InputLayer"])
        g.attrs["backend"] = np.bytes_("tensorflow")
        g.attrs["keras_version"] = np.bytes_("2.4.0")
        for l in layers:
            name = l["config"]["name"]
            if l["class_name"] == "InputLayer":
                continue
            lg = g.create_group(name)
            ws = weights.get(name, [])
            lg.attrs["weight_names"] = np.array([np.bytes_(name + "/" + w + ":0") for w, _ in ws], dtype="S")
            for w, shape in ws:
                lg.create_dataset(name + "/" + w + ":0", data=rng.normal(0, 0.1, shape).astype("float32"))


# a table model: 4 inputs -> dense 16 relu (L2) -> dropout 0.2 -> dense 8 tanh -> dense 3 softmax
write("mlp.h5",
      [{"class_name": "InputLayer", "config": {"batch_input_shape": [None, 4], "dtype": "float32", "name": "input_1"}},
       dense("dense", 16, "relu", l2=0.001),
       {"class_name": "Dropout", "config": {"name": "dropout", "trainable": True, "dtype": "float32", "rate": 0.2}},
       dense("dense_1", 8, "tanh"),
       dense("dense_2", 3, "softmax")],
      {"dense": [("kernel", (4, 16)), ("bias", (16,))], "dense_1": [("kernel", (16, 8)), ("bias", (8,))],
       "dense_2": [("kernel", (8, 3)), ("bias", (3,))]})

# an image model with a layer ModelBench does not have (GaussianNoise) and one it folds away (Flatten)
write("cnn.h5",
      [{"class_name": "Conv2D", "config": {"name": "conv2d", "trainable": True, "batch_input_shape": [None, 8, 8, 1],
                                           "dtype": "float32", "filters": 6, "kernel_size": [3, 3], "strides": [1, 1],
                                           "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1],
                                           "activation": "relu", "use_bias": True,
                                           "kernel_initializer": {"class_name": "HeNormal", "config": {"seed": None}},
                                           "bias_initializer": {"class_name": "Zeros", "config": {}},
                                           "kernel_regularizer": None}},
       {"class_name": "BatchNormalization", "config": {"name": "batch_normalization", "axis": [3], "momentum": 0.99,
                                                       "epsilon": 0.001, "center": True, "scale": True}},
       {"class_name": "MaxPooling2D", "config": {"name": "max_pooling2d", "pool_size": [2, 2], "padding": "valid",
                                                 "strides": [2, 2], "data_format": "channels_last"}},
       {"class_name": "GaussianNoise", "config": {"name": "gaussian_noise", "stddev": 0.1}},
       {"class_name": "Flatten", "config": {"name": "flatten", "data_format": "channels_last"}},
       dense("dense", 32, "relu"),
       dense("dense_1", 10, "softmax")],
      {"conv2d": [("kernel", (3, 3, 1, 6)), ("bias", (6,))],
       "batch_normalization": [("gamma", (6,)), ("beta", (6,)), ("moving_mean", (6,)), ("moving_variance", (6,))],
       "dense": [("kernel", (96, 32)), ("bias", (32,))], "dense_1": [("kernel", (32, 10)), ("bias", (10,))]})
