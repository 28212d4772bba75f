"""Figure regression, the way matplotlib tests its own figures.

Every figure is rendered again and compared with its baseline PNG under
``tests/baseline/`` within an RMS tolerance, and the data it plots is compared
with the recorded data within numeric tolerances, which catches a curve moved by
less than a pixel. On a failure the actual, expected and diff images are left in
``test-results/figures/``. ``make baselines`` refreshes the baselines on purpose;
these tests never write them.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from matplotlib.testing.compare import compare_images
from matplotlib.testing.exceptions import ImageComparisonFailure
from numpy.testing import assert_allclose

from scripts.dev import baselines
from tests.conftest import ROOT

#: RMS difference allowed, in grey levels out of 255: anti-aliasing noise passes, a moved
#: curve, label or colour does not.
RMS_TOLERANCE = 1.0
#: What a figure plots (points, circles, limits) must match to this relative tolerance.
DATA_RTOL = 1e-9
RESULTS = ROOT / "test-results" / "figures"
RECORDED = json.loads((baselines.BASELINE / "figure-data.json").read_text())


@pytest.fixture(scope="module")
def rendered():
    shutil.rmtree(RESULTS, ignore_errors=True)
    return baselines.render(RESULTS)


def test_every_figure_has_a_baseline(rendered):
    assert set(rendered) == set(RECORDED), "run `make baselines` after adding or removing a figure"
    for name in rendered:
        assert (baselines.BASELINE / f"{name}.png").is_file()


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_figure_matches_its_baseline_image(rendered, name):
    expected = baselines.BASELINE / f"{name}.png"
    actual = RESULTS / f"{name}.png"
    shutil.copy(expected, RESULTS / f"{name}-expected.png")
    try:
        failure = compare_images(str(expected), str(actual), tol=RMS_TOLERANCE)
    except ImageComparisonFailure as error:  # different sizes
        failure = str(error)
    assert failure is None, (
        f"{name} differs from its baseline beyond RMS {RMS_TOLERANCE}: {failure}\n"
        f"See {actual}, {RESULTS / (name + '-expected.png')} and the diff beside them; "
        f"run `make baselines` if the change is intended.")
    actual.with_name(f"{name}-expected.png").unlink()


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_what_the_figure_plots_matches_the_recorded_data(rendered, name):
    assert set(rendered[name]) == set(RECORDED[name]), f"{name} gained or lost elements"
    for element, want in RECORDED[name].items():
        got = rendered[name][element]
        if element.endswith("texts"):
            assert got == want, f"{name}, {element}"
        else:
            assert_allclose(np.asarray(got, dtype=float), np.asarray(want, dtype=float),
                            rtol=DATA_RTOL, atol=1e-12, err_msg=f"{name}, {element} moved")
