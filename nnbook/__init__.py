"""nnbook: the perceptron page's single sigmoid neuron, and the hidden-layer page's network
with a hidden layer, as a tested library.

Every figure, number and code listing of the site comes from here. Each name below is
imported from its module only when it is first asked for (PEP 562): ``from nnbook import
train`` reads the neuron's code and not the network's, so a build step that uses only the
neuron is not run again when the network's code changes.
"""

from __future__ import annotations

import importlib

#: Each name nnbook hands out, by the module that defines it.
_MODULES = {
    "nnbook.activations": ["ACTIVATIONS", "Activation", "linear", "linear_prime", "relu",
                           "relu_prime", "sigmoid", "sigmoid_prime", "tanh", "tanh_prime"],
    "nnbook.data": ["init_weights", "new_input", "training_inputs", "training_outputs",
                    "xor_inputs", "xor_outputs"],
    "nnbook.perceptron": ["TrainingResult", "cost", "predict", "train"],
    "nnbook.network": ["Network", "NetworkResult", "cost_network", "gradients",
                       "init_network", "predict_network", "train_network"],
    "nnbook.study": ["Study", "outcome", "train_seeds"],
    "nnbook.runs": ["Parameters"],
    "nnbook.runs.perceptron": ["PERCEPTRON", "OriginalRun", "PerceptronRun", "run_original",
                               "run_perceptron"],
    "nnbook.runs.hidden_layer": ["HIDDEN_LAYER", "HiddenLayerParameters", "HiddenLayerRun",
                                 "run_hidden_layer", "run_study"],
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module 'nnbook' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME[name]), name)
    globals()[name] = value  # asked for once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
