"""Build steps, each run by the hook in a fresh Python process (``python -m
scripts.steps.NAME OUT ...``), so it always imports the nnbook on disk, and only
when its key changed (see :mod:`scripts.hook.steps`). A step writes its outputs
into the folder OUT, and nothing anywhere else; on failure it prints one line on
standard error, starting with :data:`FAILED`, saying what failed and where, and exits 1.

Everything here is part of every step's key: a step imports only the library and
this package.
"""

#: Marks the line a failed step says why on (whatever else reaches standard error after it).
FAILED = "nnbook step failed: "
