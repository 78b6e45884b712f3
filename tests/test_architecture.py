"""The package's shape, held as tests: the folders are the pipeline and each stage imports only earlier
ones; no module is over 400 lines; click only under the command line; nothing imports another module's
private names; the command line uses only the public API."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "handouts"
# The stages in pipeline order; the shared modules underneath come first (any stage may use them).
STAGES = [
    "version",
    "errors",
    "standards",
    "files",
    "language",
    "images",
    "spec",
    "clinic",
    "document",
    "layout",
    "pdf",
    "build",
]
STAGES += ["report", "batch", "cli"]
MAX_LINES = 400


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts)


def stage_of(module: str) -> str | None:
    """The stage a dotted module name of the package belongs to (None for the package face)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def name_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import in a file, relative ones resolved."""
    found: list[tuple[str, list[str]]] = []
    package = name_of(path) if path.name == "__init__.py" else name_of(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((module, [alias.name for alias in node.names]))
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda path: name_of(path))
def test_a_stage_imports_only_earlier_stages(path: Path) -> None:
    own = stage_of(name_of(path))
    if own is None or own == "__main__":
        return
    for module, _ in imports(path):
        if not module.startswith("handouts"):
            continue
        other = stage_of(module)
        if own == "cli":  # the last stage, built on the package face
            continue
        assert other is not None, f"{name_of(path)} imports the package face"
        if other == own:
            continue
        assert STAGES.index(other) < STAGES.index(own), f"{name_of(path)} imports the later stage {module}"


@pytest.mark.parametrize("path", modules(), ids=lambda path: name_of(path))
def test_no_module_is_long_or_takes_anothers_private_names(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name_of(path)} has {lines} lines"
    for module, names in imports(path):
        if not module.startswith("handouts"):
            continue
        private = [name for name in names if name.startswith("_") and not name.startswith("__")]
        assert not private, f"{name_of(path)} imports {private} from {module}"


def test_click_is_imported_only_by_the_command_line() -> None:
    users = [name_of(path) for path in modules() if any(m == "click" for m, _ in imports(path))]
    assert users and all(name.startswith("handouts.cli") for name in users), users


def test_the_command_line_uses_only_the_public_api() -> None:
    import handouts

    for path in (PACKAGE / "cli").glob("*.py"):
        for module, names in imports(path):
            if module == "handouts":
                assert set(names) <= set(handouts.__all__), (path.name, set(names) - set(handouts.__all__))
            elif module.startswith("handouts."):
                assert module.startswith("handouts.cli"), f"cli/{path.name} imports {module}"
