"""The suite's own machinery: what keeps it fast on two workers actually works.

The slow modules (rehearsal, browser, mail, typesetting...) set up one deployment or
server per module and share it between their tests; `--dist loadgroup` with an
`xdist_group` mark is what keeps such a module on one worker. When the grouping breaks,
nothing fails: each worker quietly sets the deployments up again (pytest 9.2 with
pytest-xdist 3.8 did this, pytest-xdist issue #1386), so this checks it directly.
"""

import os
import subprocess
import sys

GROUPED_MODULE = """
import os

import pytest

pytestmark = pytest.mark.xdist_group("{group}")


@pytest.mark.parametrize("n", range(4))
def test_records_its_worker(n):
    folder = os.environ["WORKER_RECORDS"]
    with open(os.path.join(folder, f"{group}-{{n}}"), "w") as record:
        record.write(os.environ["PYTEST_XDIST_WORKER"])
"""


def test_each_xdist_group_runs_on_a_single_worker(tmp_path):
    for group in ("alpha", "beta"):
        (tmp_path / f"test_{group}.py").write_text(GROUPED_MODULE.format(group=group))
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # Not this repository's options.
    records = tmp_path / "workers"
    records.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-p", "no:cacheprovider"]
        + ["--basetemp", str(tmp_path / "basetemp"), "-q", str(tmp_path)],
        cwd=tmp_path,
        env={**os.environ, "WORKER_RECORDS": str(records)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    workers = {}
    for record in records.iterdir():
        workers.setdefault(record.name.split("-")[0], set()).add(record.read_text())
    assert sorted(workers) == ["alpha", "beta"]
    for group, names in workers.items():
        assert len(names) == 1, f"group {group} ran on workers {sorted(names)}: --dist loadgroup is not grouping"
