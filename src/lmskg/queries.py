"""The named competency queries: ``queries/*.rq``, each a plain SPARQL file.

A query file starts with comment lines: ``# title: …`` (the question it answers), any
number of ``# param: NAME = DEFAULT : help`` (the colon between spaces) lines, and free comments. Each parameter is
bound in the query by one-variable ``VALUES ?NAME { "DEFAULT" }`` blocks (one per
sub-select that needs it), so every file runs unchanged in any SPARQL tool, and lmskg
substitutes the user's value into each of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import LmskgError
from .resources import data_dir

_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s*=\s*(.*?)\s+:\s+(.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    default: str
    help: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    params: tuple[Param, ...]
    text: str
    path: Path

    def bind(self, values: dict[str, str] | None = None) -> str:
        """The query with each parameter's VALUES blocks set to the given (or default) value."""
        values = dict(values or {})
        unknown = sorted(set(values) - {p.name for p in self.params})
        if unknown:
            known = ", ".join(p.name for p in self.params) or "none"
            raise LmskgError(f"query {self.name!r} has no parameter {unknown[0]!r}",
                             f"its parameters: {known}")
        text = self.text
        for p in self.params:
            value = values.get(p.name, p.default)
            block = re.compile(r"VALUES\s+\?" + p.name + r"\s*\{[^}]*\}")
            text, n = block.subn(lambda _m, p=p, v=value: f"VALUES ?{p.name} {{ {literal(v)} }}", text)
            if n == 0:
                raise LmskgError(f"{self.path}: parameter {p.name!r} needs a "
                                 f"`VALUES ?{p.name} {{ … }}` block, found none")
        return text


def literal(value: str) -> str:
    """A SPARQL string literal."""
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    title, params = "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("# title:"):
            title = line.split(":", 1)[1].strip()
        elif (m := _PARAM.match(line)):
            params.append(Param(*m.groups()))
    return NamedQuery(path.stem, title or path.stem, tuple(params), text, path)


def catalogue() -> dict[str, NamedQuery]:
    """name -> query, for every bundled ``queries/*.rq``."""
    return {q.name: q for q in map(parse, sorted(data_dir("queries").glob("*.rq")))}


def named(name: str) -> NamedQuery:
    queries = catalogue()
    if name not in queries:
        raise LmskgError(f"no query named {name!r}", f"`lmskg query --list` shows {len(queries)}")
    return queries[name]
