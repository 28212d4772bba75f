"""nnbook: the neural-networks chapter's single sigmoid neuron, and its sequel's network
with a hidden layer, as a tested library.

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
from nnbook.data import (
    init_weights,
    new_input,
    training_inputs,
    training_outputs,
    xor_inputs,
    xor_outputs,
)
from nnbook.network import (
    Network,
    NetworkResult,
    cost_network,
    gradients,
    init_network,
    predict_network,
    train_network,
)
from nnbook.perceptron import TrainingResult, cost, predict, train
from nnbook.sequel import SEQUEL, SequelParameters, XorRun, run_study, run_xor
from nnbook.study import Study, outcome, train_seeds

__all__ = [
    "ACTIVATIONS",
    "CHAPTER",
    "SEQUEL",
    "Activation",
    "ChapterRun",
    "Network",
    "NetworkResult",
    "OriginalRun",
    "Parameters",
    "SequelParameters",
    "Study",
    "TrainingResult",
    "XorRun",
    "cost",
    "cost_network",
    "gradients",
    "init_network",
    "init_weights",
    "linear",
    "linear_prime",
    "new_input",
    "outcome",
    "predict",
    "predict_network",
    "relu",
    "relu_prime",
    "run",
    "run_original",
    "run_study",
    "run_xor",
    "sigmoid",
    "sigmoid_prime",
    "tanh",
    "tanh_prime",
    "train",
    "train_network",
    "train_seeds",
    "training_inputs",
    "training_outputs",
    "xor_inputs",
    "xor_outputs",
]
