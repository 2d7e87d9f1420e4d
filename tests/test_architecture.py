"""The README's architecture table names exactly the packages under graph/, and setup.cfg installs them all."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_packages() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- architecture:packages -->", 1)[1].split("<!-- /architecture:packages -->", 1)[0]
    return set(re.findall(r"^\| `graph/([a-z_]+)/` \|", block, flags=re.M))


def _tree_packages() -> set[str]:
    return {p.parent.name for p in (ROOT / "graph").glob("*/__init__.py")}


def test_readme_architecture_matches_the_tree():
    readme, tree = _readme_packages(), _tree_packages() - {"templates"}
    assert not tree - readme, f"add a row for each new package to README.md's architecture table: {sorted(tree - readme)}"
    assert not readme - tree, f"README.md's architecture table names packages that do not exist: {sorted(readme - tree)}"


def test_setup_cfg_installs_every_package_of_the_tree():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    installed = {line.strip() for line in cfg["options"]["packages"].splitlines() if line.strip()}
    tree = {"stancegraph.graph." + ".".join(p.parent.relative_to(ROOT / "graph").parts)
            for p in (ROOT / "graph").rglob("__init__.py") if p.parent != ROOT / "graph"}
    assert tree <= installed


def test_readme_names_every_module_beside_the_stages():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = text.split("<!-- /architecture:packages -->", 1)[1].split("```", 1)[0]
    named = set(re.findall(r"`graph/([a-z_]+)\.py`", paragraph))
    modules = {p.stem for p in (ROOT / "graph").glob("*.py")} - {"__init__"}
    assert named == modules, f"README.md's paragraph after the architecture table: add {sorted(modules - named)}, " \
                             f"remove {sorted(named - modules)}"
