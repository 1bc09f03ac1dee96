"""Write N synthetic leiomyosarcoma documents for benchmarks (deterministic, ~2 KB each).

    python benchmarks/corpus.py OUT_DIR --n 1000 [--seed 7]

Each document is a short case report or abstract in the style of the bundled examples:
a title, a presentation with signs, imaging, the site of origin, an immunohistochemistry
line with positive and negative markers, treatment (given or advised against),
metastases found or excluded, a differential diagnosis, and plain sentences without
concepts. Concepts are drawn from the whole bundled vocabulary by category, so the
matcher sees the variety of a real corpus rather than one document repeated. The same
seed gives the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from lmskg.vocabulary import default_lexicon

FILLER = [
    "The patient gave written informed consent for publication.",
    "Her past medical history was otherwise unremarkable.",
    "Laboratory studies, including a complete blood count, were within normal limits.",
    "The case was discussed at the regional multidisciplinary sarcoma meeting.",
    "Follow-up visits were scheduled every three months for the first two years.",
    "Histology showed intersecting fascicles of spindle cells with eosinophilic cytoplasm.",
    "Mitotic activity reached {n} mitoses per 10 high-power fields with focal necrosis.",
    "The resected specimen measured {n} cm in greatest dimension.",
    "Rare tumours of this kind are reported mainly as single cases and small series.",
    "Management decisions should be made in experienced sarcoma centres.",
    "Written informed consent was obtained from the patient for this report.",
    "Surveillance imaging was planned at six-month intervals thereafter.",
    "The postoperative course was uneventful and she was discharged on day {n}.",
    "The authors declare no conflicts of interest.",
    "Clinical, radiological and pathological findings are summarised below.",
]


def _pools() -> dict[str, list[str]]:
    lexicon = default_lexicon()
    pools: dict[str, list[str]] = {}
    for concept in sorted(lexicon.concepts.values(), key=lambda c: c.iri):
        label = concept.label if concept.category == "marker" else concept.label.lower()
        pools.setdefault(concept.category, []).append(label)
    pools["lms"] = [t for t in pools["tumor"] if "leiomyosarcoma" in t]
    pools["other_tumour"] = [t for t in pools["tumor"] if "leiomyosarcoma" not in t]
    pools["therapy"] = pools["treatment"] + pools["drug"]
    return pools


def document(rng: random.Random, pools: dict[str, list[str]], k: int) -> str:
    def one(pool: str) -> str:
        return rng.choice(pools[pool])

    tumour = one("lms")
    site, other_site = one("anatomical_site"), one("anatomical_site")
    positives = rng.sample(pools["marker"], 2)
    negatives = rng.sample([m for m in pools["marker"] if m not in positives], 2)
    sentences = [
        f"{tumour.capitalize()} of the {site}: report {k} of a rare presentation",
        f"{tumour.capitalize()} is a malignant smooth muscle tumour that most often arises in the {site}.",
        (f"A {rng.randint(30, 80)}-year-old patient presented with {one('sign_symptom')} "
        f"and {one('sign_symptom')} of {rng.randint(2, 12)} months' duration."),
        (f"{one('diagnostic_procedure').capitalize()} demonstrated a {rng.randint(3, 20)} cm "
        f"heterogeneous mass arising from the {other_site}."),
        (f"Immunohistochemistry showed the tumour cells to be positive for {positives[0]} and "
        f"{positives[1]}, and negative for {negatives[0]} and {negatives[1]}."),
        f"She underwent {one('therapy')} followed by {one('therapy')}.",
        f"{one('therapy').capitalize()} is not recommended for this tumour.",
        f"Metastases to the {one('anatomical_site')} were detected {rng.randint(6, 40)} months later.",
        f"There was no evidence of {one('anatomical_site')} metastasis.",
        f"The differential diagnosis includes {one('other_tumour')} and {one('other_tumour')}.",
        f"{one('diagnostic_procedure').capitalize()} was used for staging.",
        (f"Histopathological examination confirmed the diagnosis, with diffuse staining for "
        f"{one('marker')}."),
        f"On follow-up the patient reported {one('sign_symptom')}, but no {one('sign_symptom')}.",
        (f"Lesions of the {one('anatomical_site')} may represent {one('other_tumour')}, which "
        f"should be excluded."),
    ]
    for _ in range(rng.randint(9, 12)):
        sentences.insert(rng.randint(2, len(sentences)), rng.choice(FILLER).format(n=rng.randint(2, 40)))
    return sentences[0] + "\n\n" + " ".join(sentences[1:]) + "\n"


def write_corpus(out: Path, n: int, seed: int = 7) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pools = _pools()
    paths = []
    for k in range(n):
        path = out / f"doc-{k:06d}.txt"
        path.write_text(document(rng, pools, k), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = write_corpus(args.out, args.n, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} documents, {size / 1e6:.2f} MB, to {args.out}")


if __name__ == "__main__":
    main()
