"""The records an extraction hands on are immutable values: the graph, the cache and the
deduplication of statements rely on that, whatever the records are made of."""

from __future__ import annotations

import pickle

import pytest

from lmskg.extract.relations import Decision
from lmskg.model import Certainty, Polarity, Statement


def test_the_records_of_a_real_extraction_are_immutable_hashable_and_picklable(extractor, make_document):
    document = make_document("Retroperitoneal leiomyosarcoma metastasised to the liver. "
                              "The tumour was negative for KIT.")
    sentences, statements = extractor.analyse(document)
    assert sentences and statements
    for record in [*sentences, *statements, *(s.mention for s in statements)]:
        field = next(iter(type(record).__annotations__))
        with pytest.raises(AttributeError):
            setattr(record, field, None)
        assert hash(record) == hash(pickle.loads(pickle.dumps(record)))
        assert pickle.loads(pickle.dumps(record)) == record
    # equal values are one statement: the extractor keeps each once
    assert len(set(statements)) == len(statements)


def test_a_statement_reads_its_fields_by_name_with_the_documented_defaults(extractor, make_document):
    document = make_document("Leiomyosarcoma was positive for desmin.")
    stmt = extractor.extract(document)[0]
    plain = Statement(stmt.document, stmt.sentence, stmt.subject, stmt.relation, stmt.object, stmt.mention)
    assert (plain.polarity, plain.certainty, plain.rule) == (Polarity.POSITIVE, Certainty.ASSERTED, "unknown")
    assert stmt.mention.text == "desmin" and stmt.relation == "marker"
    assert Decision("marker", Polarity.NEGATIVE, Certainty.HEDGED, "r").polarity is Polarity.NEGATIVE
