"""One reader per knowledge base, its parts cached until a writer commits."""

from __future__ import annotations

from kg.namespaces import KG
from kg.read import GraphReader, reader


def test_every_caller_gets_the_same_reader_and_the_same_parts(read_kb, iri):
    assert reader(read_kb) is reader(read_kb)
    read = reader(read_kb)
    assert read.entities() is read.entities() and read.graph() is read.graph()
    assert GraphReader(read_kb).entities() == read.entities()  # a second reader reads the same


def test_describe_names_entities_statements_terms_and_nothing_else(read_kb, iri):
    read = reader(read_kb)
    assert read.describe(iri(read_kb, "city/165")) == ("Thành phố Sông Công", "City")
    proposal = next(n for n, d in read.graph().full.nodes(data=True) if d["type"] == "Proposal")
    label, kind = read.describe(proposal)
    assert kind == "Proposal" and label
    assert read.describe("https://w3id.org/vnkg/ontology#Ward") == ("Đơn vị hành chính cấp xã", None)
    assert read.describe("http://kg.test/nothing/here") == (None, None)
    assert read.label("http://kg.test/nothing/here") == "here"
    assert read.is_entity(iri(read_kb, "city/165")) and not read.is_entity(proposal)


def test_a_commit_starts_a_new_generation(fresh_kb, iri, second_doc):
    read = reader(fresh_kb)
    park = iri(fresh_kb, "industrial-park/kcn-song-cong-2")
    before, index, graph = read.entity(park), read.entities(), read.graph()
    assert before.documents == 2
    fresh_kb.remove(second_doc.name)
    after = read.entity(park)
    assert after.documents == 1 and after.mentions < before.mentions
    assert read.graph() is not graph and read.entities() is not index
    only_second = {e for e, info in index.items() if info.documents == 1} - {
        str(r["e"]) for r in fresh_kb.store.query(f"SELECT ?e WHERE {{ ?m <{KG.refersTo}> ?e }}")
    }
    assert only_second and not only_second & set(read.entities())  # what only it named is gone
