"""The checks sit at the boundary: once per call from outside, never inside a training loop;
the listings a page shows include them, so the code as listed does what the library does; and
a warning of a run points at the line that asked for the run."""

from __future__ import annotations

import inspect
import warnings

import pytest
from numpy.testing import assert_array_equal

import nnbook
from nnbook import checks, network, perceptron
from tests.site.test_pages import snippet

X, Y, W = nnbook.training_inputs(), nnbook.training_outputs(), nnbook.init_weights(1)
XOR, XOR_Y = nnbook.xor_inputs(), nnbook.xor_outputs()


@pytest.fixture
def counted(monkeypatch):
    """Every check of nnbook.checks, counting its calls."""
    calls = []
    for name, function in inspect.getmembers(checks, inspect.isfunction):
        def count(*args, _name=name, _function=function, **kwargs):
            calls.append(_name)
            return _function(*args, **kwargs)
        monkeypatch.setattr(checks, name, count)
    return calls


@pytest.mark.parametrize("run", [
    lambda epochs: nnbook.train(X, Y, W, epochs, 0.9),
    lambda epochs: nnbook.train_network(nnbook.init_network(1), XOR, XOR_Y, epochs, 1.0),
    lambda epochs: nnbook.train_seeds(range(3), 2, XOR, XOR_Y, epochs, 1.0),
], ids=["train", "train_network", "train_seeds"])
def test_a_training_run_is_checked_once_whatever_its_epochs(counted, run):
    run(2)
    once = list(counted)
    counted.clear()
    run(200)
    assert counted == once, "the same checks, however many epochs"
    assert once, "and it is checked"


@pytest.mark.parametrize(("module", "section", "function"), [
    (perceptron, "train", nnbook.train),
    (network, "train_network", nnbook.train_network),
])
def test_the_listing_called_as_listed_does_what_the_library_does(module, section, function):
    """The listing the page shows, run on its own, with targets as a plain list: what it
    returns is the library's, arrays of the right shape included."""
    namespace = dict(vars(module))
    exec(snippet(f"nnbook/{module.__name__.split('.')[-1]}.py", section), namespace)
    listed = namespace[function.__name__]
    assert listed is not function
    if function is nnbook.train:
        arguments = (X, [0, 1, 1, 0], W[:, 0], 50, 0.9)
    else:
        arguments = (nnbook.init_network(1), XOR, [0, 1, 1, 0], 50, 1.0)
    ours, theirs = listed(*arguments), function(*arguments)
    for mine, library in zip((*ours.learned(), ours.outputs, ours.errors),
                             (*theirs.learned(), theirs.outputs, theirs.errors), strict=True):
        assert_array_equal(mine, library)
    assert ours.outputs.shape == (4, 1)
    assert ours.learned()[0].shape == ((3, 1) if function is nnbook.train else (2, 2))


@pytest.mark.parametrize("call", [
    lambda: nnbook.train(X, Y, W, 3, 1e300),
    lambda: nnbook.train_network(nnbook.init_network(1), XOR, XOR_Y, 3, 1e300),
    lambda: nnbook.run_perceptron(nnbook.Parameters(epochs=3, alpha=1e300)),
], ids=["train", "train_network", "run_perceptron"])
def test_a_rising_cost_is_reported_at_the_callers_line(call):
    line = inspect.getsourcelines(call)[1]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    rising = [w for w in caught if "raised the cost" in str(w.message)]
    assert rising
    assert {(w.filename, w.lineno) for w in rising} == {(__file__, line)}
