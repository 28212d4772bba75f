"""The GitHub Pages workflow, validated offline: schema, security audit, pins, permissions."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
BIN = Path(sys.executable).parent


def run(*command: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True,
                          timeout=120, check=False, cwd=ROOT)


def workflow() -> dict:
    return yaml.load(WORKFLOW.read_text(), Loader=yaml.BaseLoader)  # keeps `on:` a string key


def test_matches_githubs_workflow_schema():
    done = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", WORKFLOW)
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing_even_pedantic():
    done = run(BIN / "zizmor", "--offline", "--persona=pedantic", "--no-progress", WORKFLOW)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout


def test_zizmor_would_catch_an_unpinned_action(tmp_path):
    unpinned = tmp_path / "pages.yml"
    unpinned.write_text(re.sub(r"actions/checkout@[0-9a-f]{40} # v[\d.]+", "actions/checkout@v5",
                               WORKFLOW.read_text()))
    done = run(BIN / "zizmor", "--offline", "--no-progress", unpinned)
    assert done.returncode != 0
    assert "unpinned-uses" in done.stdout


def test_every_action_is_pinned_to_a_commit():
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text())
    assert len(uses) >= 6
    for action, comment in uses:
        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", action), action
        assert re.match(r"\s*# v\d+\.\d+\.\d+$", comment), f"{action} needs its version comment"


def test_permissions_are_least_privilege():
    flow = workflow()
    assert flow["permissions"] == {}
    jobs = flow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    checkout = next(s for s in jobs["build"]["steps"] if "checkout" in s.get("uses", ""))
    assert checkout["with"]["persist-credentials"] == "false"


def test_builds_with_the_readme_commands_and_deploys_only_main():
    flow = workflow()
    runs = [s.get("run", "") for s in flow["jobs"]["build"]["steps"]]
    assert "make test" in runs
    assert "make build" in runs
    assert "--strict" in (ROOT / "Makefile").read_text().split("build:")[1].split("\n\n")[0]
    uses = [s.get("uses", "").split("@")[0] for job in flow["jobs"].values() for s in job["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact",
                   "actions/deploy-pages"):
        assert action in uses
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"]
    assert deploy["environment"]["name"] == "github-pages"


def test_prints_the_pdf_into_the_site_after_the_build_and_before_the_upload():
    steps = workflow()["jobs"]["build"]["steps"]
    order = [s.get("run") or s.get("uses", "").split("@")[0] for s in steps]
    build, pdf = order.index("make build"), order.index("make pdf")
    assert build < pdf < order.index("actions/upload-pages-artifact")
    assert steps[pdf]["env"]["SITE_URL"] == steps[build]["env"]["SITE_URL"]  # pdf rebuilds
    assert next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact")
                )["with"]["path"] == "site"
    # poppler-utils, which the PDF tests need, installed by the one place that knows it.
    install = next(i for i, run in enumerate(order) if "scripts.dev.chromium" in run)
    assert install < order.index("make test")
    assert order[install].startswith("sudo ")


@pytest.mark.parametrize("section", ["Publishing"])
def test_readme_says_how_to_publish(section):
    readme = (ROOT / "README.md").read_text()
    assert f"## {section}" in readme
    assert ".github/workflows/pages.yml" in readme


def test_the_declared_tested_and_installed_node_versions_agree():
    """package.json declares the oldest Node.js the build runs on; every locked package
    accepts it, the workflow tests on it, the README says it, and this machine's Node is
    within it (``make`` installs with ``npm ci --engine-strict``)."""
    import json
    declared = json.loads((ROOT / "package.json").read_text())["engines"]["node"]
    oldest = re.fullmatch(r">=(\d+)", declared)
    assert oldest, f"package.json's engines.node is {declared!r}; expected >=MAJOR"
    major = oldest[1]
    npm_root = run("npm", "root", "-g").stdout.strip()
    check = (f"const semver = require({json.dumps(npm_root + '/npm/node_modules/semver')});"
             "const [oldest, current, ranges] = JSON.parse(process.argv[1]);"
             "console.log(JSON.stringify({current: semver.satisfies(current, '>=' + oldest),"
             " refused: Object.entries(ranges).filter(([, r]) => !semver.satisfies(oldest, r))}));")
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    ranges = {name or "(the project)": entry["engines"]["node"] for name, entry in lock.items()
              if isinstance(entry.get("engines"), dict) and "node" in entry["engines"]}
    current = run("node", "--version").stdout.strip().lstrip("v")
    done = run("node", "-e", check, json.dumps([f"{major}.0.0", current, ranges]))
    assert done.returncode == 0, done.stderr
    verdict = json.loads(done.stdout)
    assert verdict["refused"] == [], f"packages that refuse Node {major}: {verdict['refused']}"
    assert verdict["current"], f"this machine's Node {current} is older than {declared}"
    setup = next(s for s in workflow()["jobs"]["build"]["steps"]
                 if "setup-node" in s.get("uses", ""))
    assert setup["with"]["node-version"] == major
    assert f"Node.js {major} or newer" in (ROOT / "README.md").read_text()
