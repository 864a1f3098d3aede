"""Package boundaries: summaries knows nothing of Telegram; bot uses only summaries' API."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import summaries

ROOT = Path(__file__).resolve().parent.parent
# bot/cli.py extends the summaries command line (its parser and subcommands):
# the one sanctioned import of a summaries module that is not in __all__.
ALLOWED = {("bot/cli.py", "cli")}


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imports(path: Path) -> list[tuple[str, str | None]]:
    """Return (module, name) for every import in a file; name is None for `import module`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.module, alias.name) for alias in node.names]
    return found


def test_summaries_never_imports_telegram_or_bot_in_any_module():
    offending = [
        (str(path.relative_to(ROOT)), module)
        for path in modules("summaries")
        for module, _ in imports(path)
        if module.split(".")[0] in ("telegram", "bot")
    ]
    assert modules("summaries") and offending == []


def test_bot_imports_only_names_listed_in_summaries_all():
    public = set(summaries.__all__)
    offending = []
    for path in modules("bot"):
        where = str(path.relative_to(ROOT))
        for module, name in imports(path):
            if module.split(".")[0] != "summaries":
                continue
            if module != "summaries" or name is None:
                offending.append((where, module, name))
            elif name not in public and (where, name) not in ALLOWED:
                offending.append((where, module, name))
    assert offending == []


def test_summaries_all_lists_exactly_the_public_names_it_exports():
    tree = ast.parse((ROOT / "summaries" / "__init__.py").read_text(encoding="utf-8"))
    bound = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom | ast.Import):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.Assign):
            bound |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    public = {name for name in bound if not name.startswith("_") or name == "__version__"}
    public -= {"annotations"}  # from __future__

    assert sorted(summaries.__all__) == sorted(public)
    assert all(hasattr(summaries, name) for name in summaries.__all__)


def test_only_the_composition_root_builds_the_application_and_only_config_reads_environ():
    builders, environ = [], []
    for path in [*modules("bot"), *modules("summaries")]:
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(ROOT))
        if "Application.builder(" in text or "ApplicationBuilder(" in text:
            builders.append(where)
        if "os.environ" in text or "getenv(" in text:
            environ.append(where)
    assert builders == ["bot/app.py"]
    assert environ == ["summaries/config.py"]


BOT_TABLES = re.compile(
    r"\b(?:FROM|INTO|UPDATE|JOIN)\s+(users|subscriptions|deliveries|push_runs)\b", re.IGNORECASE
)


def test_only_the_bot_store_queries_the_bot_tables():
    """Users, subscriptions and the delivery log are the bot's: summaries never queries them."""
    querying = sorted(
        {
            str(path.relative_to(ROOT))
            for path in [*modules("summaries"), *modules("bot")]
            if BOT_TABLES.search(path.read_text(encoding="utf-8"))
        }
    )
    assert querying == ["bot/store/deliveries.py", "bot/store/subscribers.py", "bot/store/users.py"]
