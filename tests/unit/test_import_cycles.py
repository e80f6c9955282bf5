"""No import cycle between rtwbot's packages (and top-level modules), counting imports made
only for type checking: a cycle there still ties the packages into one. The composition
root (rtwbot.runtime) is imported by the entry points only; the Slack layer types against
the `rtwbot.slack.bot.Bot` Protocol."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def unit_of(module: str) -> str:
    """rtwbot.slack.listeners.files -> rtwbot.slack; rtwbot.runtime -> rtwbot.runtime."""
    return ".".join(module.split(".")[:2])


def imports(path: Path, module: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if path.name == "__init__.py" \
                    else module.split(".")[:-1]
                base = ".".join(package[: len(package) - node.level + 1] + [base]).strip(".")
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}
    return {m for m in found if m.startswith("rtwbot.")}


def package_graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in (SRC / "rtwbot").rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        unit = unit_of(module)
        graph.setdefault(unit, set())
        for target in imports(path, module):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and unit_of(target) != unit:
                graph[unit].add(unit_of(target))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_search_sees_the_packages() -> None:
    graph = package_graph()
    assert "rtwbot.slack" in graph["rtwbot.runtime"]
    assert "rtwbot.store" in graph["rtwbot.workflow"]


def test_no_import_cycle_between_packages() -> None:
    assert cycles(package_graph()) == []


def test_a_cycle_is_found_when_there_is_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_workflow_never_imports_slack_or_the_runtime() -> None:
    graph = package_graph()
    assert not graph["rtwbot.workflow"] & {"rtwbot.slack", "rtwbot.runtime",
                                           "rtwbot.scheduler"}


# The service locators: the composition root's `Bot` as the Slack layer sees it, and
# `Wiring`, the same bot as a use case's `register(bot)` sees it. A use case is to take
# what it needs as explicit dependencies instead. These workflow modules still take the
# locator (listed so that no other module starts to); the list only shrinks.
LOCATORS = {"rtwbot.runtime", "rtwbot.slack.bot", "rtwbot.workflow.wiring"}
STILL_ON_THE_LOCATOR = {
    "rtwbot.workflow.case_nudges",
    "rtwbot.workflow.critical_injury",
    "rtwbot.workflow.job_demands",
    "rtwbot.workflow.reemployment",
}


def workflow_imports() -> dict[str, set[str]]:
    """Each workflow module and the rtwbot modules it imports (type-checking ones too)."""
    found = {}
    for path in (SRC / "rtwbot" / "workflow").rglob("*.py"):
        module = module_name(path)
        found[module] = imports(path, module)
    return found


def test_no_workflow_module_imports_slack_runtime_or_the_scheduler() -> None:
    banned = ("rtwbot.slack", "rtwbot.runtime", "rtwbot.scheduler")
    offenders = {m: sorted(t for t in targets if t.startswith(banned))
                 for m, targets in workflow_imports().items()}
    assert {m: t for m, t in offenders.items() if t} == {}


def test_no_new_workflow_module_takes_a_locator() -> None:
    users = {m for m, targets in workflow_imports().items()
             if m != "rtwbot.workflow.wiring"
             and any(t == loc or t.startswith(loc + ".") for t in targets for loc in LOCATORS)}
    assert users <= STILL_ON_THE_LOCATOR, sorted(users - STILL_ON_THE_LOCATOR)


def test_the_locator_search_sees_a_type_checking_import() -> None:
    assert "rtwbot.workflow.wiring" in workflow_imports()["rtwbot.workflow.reemployment"]
