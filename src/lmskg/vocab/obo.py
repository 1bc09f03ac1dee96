"""A small OBO 1.2 flat-file parser: the parts of ``[Term]`` stanzas a vocabulary needs.

Read tags: ``id``, ``name``, ``synonym: "text" SCOPE [TYPE] [xrefs]``, ``xref``,
``is_a`` (unconditional only: ``is_a`` lines with ``gci_*`` qualifiers are skipped),
``relationship: part_of X`` (also written ``BFO:0000050 X``) and ``is_obsolete: true``
(the term is skipped). Trailing ``! comments`` and ``{qualifiers}`` are removed;
``\\"``-style escapes in quoted strings are resolved. Other stanzas and tags are ignored.
"""

from __future__ import annotations

import re
from pathlib import Path

from lmskg.errors import InputError
from lmskg.namespaces import OBO, curie_to_iri
from lmskg.vocab import Ontology, OntologyTerm, Synonym

PART_OF = ("part_of", "BFO:0000050")
SCOPES = ("EXACT", "RELATED", "NARROW", "BROAD")
_SYNONYM_RE = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*(.*)$')
_ESCAPE_RE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t", "W": " "}


def term_iri(ident: str) -> str:
    """The IRI of an OBO id: known prefixes via namespaces, else the OBO PURL rule."""
    if ident.startswith(("http://", "https://")):
        return ident
    try:
        return curie_to_iri(ident)
    except ValueError:
        prefix, _, local = ident.partition(":")
        return f"{OBO}{prefix}_{local}"


def _unescape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def _strip_comment(value: str) -> str:
    """Remove a trailing unescaped ``! comment`` outside quotes."""
    quoted = escaped = False
    for i, ch in enumerate(value):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == "!" and not quoted:
            return value[:i].rstrip()
    return value


def _split_qualifiers(value: str) -> tuple[str, str]:
    """``X {a="b"}`` -> (``X``, ``a="b"``)."""
    if value.endswith("}") and "{" in value:
        head, _, qual = value.rpartition("{")
        return head.rstrip(), qual[:-1]
    return value, ""


def _parse_synonym(value: str) -> Synonym | None:
    match = _SYNONYM_RE.match(value)
    if not match:
        return None
    text = _unescape(match.group(1)).strip()
    rest = match.group(2).split("[", 1)[0].split()
    scope = rest[0] if rest and rest[0] in SCOPES else "RELATED"
    syn_type = rest[1] if len(rest) > 1 else ""
    return Synonym(text, scope, syn_type)


def _new_term(ident: str) -> OntologyTerm:
    return OntologyTerm(id=ident, iri=term_iri(ident))


def _add_tag(term: OntologyTerm, tag: str, value: str) -> bool:
    """Apply one tag to ``term``; return False when the term is obsolete."""
    value, qualifiers = _split_qualifiers(_strip_comment(value))
    if tag == "name":
        term.name = _unescape(value).strip()
    elif tag == "synonym":
        synonym = _parse_synonym(value)
        if synonym and synonym.text:
            term.synonyms.append(synonym)
    elif tag == "xref":
        ref = value.split()[0] if value.split() else ""
        if ref:
            term.xrefs.append(ref)
    elif tag == "is_a" and "gci_" not in qualifiers:
        term.is_a.append(value.split()[0])
    elif tag == "relationship":
        parts = value.split()
        if len(parts) >= 2 and parts[0] in PART_OF and "gci_" not in qualifiers:
            term.part_of.append(parts[1])
    elif tag == "is_obsolete" and value.strip().lower() == "true":
        return False
    return True


def parse_obo(path: str | Path) -> Ontology:
    """Parse an OBO 1.2 file into an :class:`Ontology` of its non-obsolete terms."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read OBO file: {exc}") from None
    terms: list[OntologyTerm] = []
    stanza: list[tuple[str, str]] | None = None
    in_term = False
    seen_stanza = False

    def finish() -> None:
        if not in_term or stanza is None:
            return
        ident = next((v.split()[0] for t, v in stanza if t == "id" and v.split()), "")
        if not ident:
            return
        term = _new_term(_strip_comment(ident))
        if all(_add_tag(term, tag, value) for tag, value in stanza if tag != "id"):
            terms.append(term)

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            finish()
            seen_stanza = True
            in_term, stanza = line == "[Term]", []
        elif stanza is not None and ":" in line and not line.startswith("!"):
            tag, _, value = line.partition(":")
            stanza.append((tag.strip(), value.strip()))
    finish()
    if not seen_stanza:
        raise InputError(path, "not an OBO file (no [Term] stanzas)")
    return Ontology(path.name, terms)
