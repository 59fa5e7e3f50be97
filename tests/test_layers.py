"""The layers of the house (docs/decisions/0007-layers.md) hold: import-linter's contracts in pyproject.toml, also
run by `make lint` and CI, are kept. A broken contract names the import that breaks it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_import_contract_is_kept():
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    result = subprocess.run([command], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
    assert result.returncode == 0, result.stdout[-4000:]
    assert "0 broken" in result.stdout
