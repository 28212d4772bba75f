"""nnbook: the single sigmoid neuron of the neural-networks chapter, as a tested library.

Every figure, number and code listing of the chapter's site comes from here.
"""

from nnbook.activations import (
    ACTIVATIONS,
    Activation,
    linear,
    linear_prime,
    relu,
    relu_prime,
    sigmoid,
    sigmoid_prime,
    tanh,
    tanh_prime,
)
from nnbook.chapter import CHAPTER, ChapterRun, OriginalRun, Parameters, run, run_original
from nnbook.data import init_weights, new_input, training_inputs, training_outputs
from nnbook.perceptron import TrainingResult, cost, predict, train

__all__ = [
    "ACTIVATIONS",
    "CHAPTER",
    "Activation",
    "ChapterRun",
    "OriginalRun",
    "Parameters",
    "TrainingResult",
    "cost",
    "init_weights",
    "linear",
    "linear_prime",
    "new_input",
    "predict",
    "relu",
    "relu_prime",
    "run",
    "run_original",
    "sigmoid",
    "sigmoid_prime",
    "tanh",
    "tanh_prime",
    "train",
    "training_inputs",
    "training_outputs",
]
