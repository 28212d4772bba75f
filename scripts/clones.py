"""Fresh clones of this repository with the working tree's changes on top.

The benchmark's cold builds and the reproducibility test build from nothing, as a
new checkout would; the overlay lets them measure or test uncommitted work too.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def working_files(root: Path = ROOT) -> list[str]:
    """The files a fresh clone of this working tree would have: tracked and new, not ignored."""
    done = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                          cwd=root, capture_output=True, text=True, check=True)
    return [name for name in done.stdout.split("\0") if name and (root / name).is_file()]


def fresh_clone(destination: Path) -> Path:
    """``git clone`` this repository into ``destination`` and lay the working tree over it.

    KaTeX is shared with this checkout (``node_modules`` is linked), as ``npm ci`` would
    install the same files from the lock.
    """
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(destination)],
                   check=True)
    keep = set(working_files())
    for name in keep:
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination / name)
    for name in working_files(destination):
        if name not in keep:
            (destination / name).unlink()
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination
