"""The public API (handouts/__init__.py): every name exported, loaded when first used, and what type
checkers are told (the imports under TYPE_CHECKING) is what the package gives (_MODULES)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import handouts


def test_the_package_exports_every_name() -> None:
    assert set(handouts._MODULES) | {"__version__"} == set(handouts.__all__)
    # What type checkers are told (the imports under TYPE_CHECKING) is what the package gives.
    tree = ast.parse(Path(handouts.__file__).read_text(encoding="utf-8"))
    (checking,) = [
        node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    ]
    imports = [node for node in checking.body if isinstance(node, ast.ImportFrom)]
    assert len(imports) == len(checking.body)  # nothing else is told
    assert all(node.level == 1 for node in imports)  # each from a module of the package
    told = {alias.name: node.module for node in imports for alias in node.names}
    assert told == handouts._MODULES
    for name in handouts.__all__:
        value = getattr(handouts, name)
        assert name == "__version__" or value.__module__ == f"handouts.{handouts._MODULES[name]}", name
    assert set(handouts.__all__) <= set(dir(handouts))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        handouts.nothing  # noqa: B018
    namespace: dict[str, object] = {}
    exec("from handouts import *", namespace)
    assert set(handouts.__all__) <= set(namespace)


def test_importing_the_package_loads_none_of_its_stages() -> None:
    """The names are imported when first used (PEP 562): `import handouts` alone is cheap."""
    code = "import sys, handouts; print(sorted(m for m in sys.modules if m.startswith('handouts')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['handouts', 'handouts.version']"
