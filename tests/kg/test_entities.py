"""The entities graph on a store of several documents that share entities.

The seed and two short articles about the same city, park and roads: every shared entity is
described by two or three documents, so reference counting, replacement and the union's
counts are exercised on the shapes that matter.
"""

import json
import shutil
from pathlib import Path

import pytest

from kg import entities
from kg.build import nt_line
from kg.errors import StoreError
from kg.kb import KnowledgeBase
from kg.namespaces import KG, RDFS
from kg.upgrade import STORE_VERSION

MULTIDOC = Path(__file__).resolve().parents[1] / "data" / "multidoc"
BASE = "http://kg.test/"
CITY = f"{BASE}entity/city/165"  # Sông Công: in all three documents
PARK = f"{BASE}entity/industrial-park/kcn-song-cong-2"


@pytest.fixture(scope="module")
def built(tmp_path_factory, seed_path_module):
    root = tmp_path_factory.mktemp("multidoc") / "store"
    config = {"KG_STORE": str(root), "KG_BASE_IRI": BASE, "KG_TOPIC_EMBEDDINGS": False}
    with KnowledgeBase(config) as kb:
        report = kb.ingest([seed_path_module, MULTIDOC])
        assert report.added == 3 and not report.failures
    return root


@pytest.fixture(scope="module")
def seed_path_module():
    from tests.conftest import DEMO, SEED

    return SEED if SEED.exists() else DEMO


@pytest.fixture
def kb(built, tmp_path):
    root = tmp_path / "store"
    shutil.copytree(built, root)
    with KnowledgeBase({"KG_STORE": str(root), "KG_BASE_IRI": BASE, "KG_TOPIC_EMBEDDINGS": False}) as base:
        yield base


def describers(kb, iri):
    rows = kb.store.query(f"""SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?r <{KG.describes}> <{iri}> }} }}""", union=False)
    return {str(r["g"]) for r in rows}


def test_one_description_however_many_documents(kb):
    assert len(describers(kb, CITY)) == 3
    rows = kb.store.query(f"SELECT ?p ?o WHERE {{ <{CITY}> ?p ?o }}")
    assert len(rows) == len({(r["p"], r["o"]) for r in rows})  # each fact once
    labels = kb.store.query(f"SELECT ?l WHERE {{ <{CITY}> <{RDFS.label}> ?l }}")
    assert [str(r["l"]) for r in labels] == ["Thành phố Sông Công"]
    [row] = kb.store.query(f"""SELECT (COUNT(*) AS ?rows) (COUNT(DISTINCT ?m) AS ?distinct) WHERE {{
        <{CITY}> ?p ?o . ?m <{KG.refersTo}> <{CITY}> . ?m <{KG.inSentence}> ?s }}""")
    assert int(row["rows"]) == int(row["distinct"]) * len(rows)


def test_descriptions_live_in_the_entities_graph_only(kb):
    doc_graphs = [g for g in kb.store.graph_names() if kb.iris.doc_id_of_graph(g)]
    for name in doc_graphs:
        assert not kb.store.query(f"ASK {{ GRAPH <{name}> {{ <{CITY}> ?p ?o }} }}", union=False)
    assert kb.store.query(f"ASK {{ GRAPH <{kb.iris.entities_graph}> {{ <{CITY}> a <{KG.City}> }} }}", union=False)
    assert entities.check(kb.store, kb.iris).ok


def test_remove_keeps_what_other_documents_support(kb):
    def shared() -> set[str]:
        return {nt_line(t) for t in kb.store.graph(kb.iris.entities_graph)}

    def only(source: str) -> set[str]:
        [doc] = [d for d in kb.documents() if d.source == source]
        return {nt_line(t) for t in entities.unsupported(kb.store, [kb.iris.doc_graph(doc.doc_id)])}

    before, only_zone = shared(), only("001_song_cong_khu_cong_nghiep.txt")
    kb.remove("001_song_cong_khu_cong_nghiep.txt")
    after = shared()
    assert only_zone and before - after == only_zone  # exactly what that document alone supported
    assert kb.store.query(f"ASK {{ <{CITY}> a <{KG.City}> }}")  # still named by two documents
    assert kb.store.query(f"ASK {{ <{PARK}> ?p ?o }}")
    assert entities.check(kb.store, kb.iris).ok
    only_seed = only("000_21c30ca8b6a13368.txt")  # its indicators, its congress, ...
    kb.remove("000_21c30ca8b6a13368.txt")
    assert only_seed and after - shared() == only_seed
    kb.remove("002_pho_yen_ha_tang.txt")
    assert len(kb.store.graph(kb.iris.entities_graph)) == 0
    assert not kb.store.query(f"ASK {{ <{CITY}> ?p ?o }}")


def test_replacing_a_document_drops_only_its_own_facts(kb, tmp_path):
    source = tmp_path / "pho_yen.txt"
    text = (MULTIDOC / "002_pho_yen_ha_tang.txt").read_text("utf-8")
    source.write_text(text, "utf-8")
    kb.remove("002_pho_yen_ha_tang.txt")
    assert kb.ingest([source]).added == 1
    pho_yen = [
        str(r["e"])
        for r in kb.store.query(
            'SELECT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> "Thành phố Phổ Yên"@vi }'
        )
    ]
    assert pho_yen  # named only by this document
    source.write_text(text.replace("thị xã Phổ Yên và ", "").replace("đoạn qua Phổ Yên", "đoạn này"), "utf-8")
    report = kb.ingest([source])
    assert report.updated == 1 and report.added == 0
    assert not kb.store.query(f"ASK {{ <{pho_yen[0]}> ?p ?o }}")  # gone with the old version
    assert kb.store.query(f"ASK {{ <{CITY}> a <{KG.City}> }}")
    assert entities.check(kb.store, kb.iris).ok


def test_rebuild_repairs_a_damaged_entities_graph(kb):
    good = {nt_line(t) for t in kb.store.graph(kb.iris.entities_graph)}
    with kb.store.transaction() as tx:
        tx.remove(kb.iris.entities_graph, list(kb.store.graph(kb.iris.entities_graph))[:5])
        tx.add_graph(kb.iris.entities_graph, [(kb.iris.entity("city", "999"), RDFS.label, RDFS.label)])
    damaged = entities.check(kb.store, kb.iris)
    assert len(damaged.missing) == 5 and len(damaged.extra) == 1 and not damaged.ok
    repaired = entities.rebuild(kb.store, kb.iris)
    assert repaired.ok and {nt_line(t) for t in kb.store.graph(kb.iris.entities_graph)} == good
    assert not kb.store.query(f"ASK {{ <{kb.iris.entity('city', '999')}> ?p ?o }}")


def _downgrade_to_layout_1(kb) -> None:
    """Write the store as round one did: each document graph holds its own copy of every
    description, no records, no entities graph, an empty default graph."""
    shared = kb.store.graph(kb.iris.entities_graph)
    with kb.store.transaction() as tx:
        for doc in kb.documents():
            name = kb.iris.doc_graph(doc.doc_id)
            graph = kb.store.graph(name)
            records = [t for t in graph if t[1] in (KG.describes, KG.descriptionTriples)]
            mine = entities.parse_lines(
                line for t in records if t[1] == KG.descriptionTriples for line in str(t[2]).splitlines()
            )
            tx.remove(name, records)
            tx.add_graph(name, mine)
        tx.remove(kb.iris.entities_graph, shared)
    kb.store._db.update("DROP SILENT DEFAULT")
    meta = json.loads(kb.layout.meta.read_text("utf-8"))
    kb.layout.meta.write_text(json.dumps({**meta, "store_version": 1}), "utf-8")


def test_upgrade_from_layout_1_keeps_everything(kb):
    if kb.store.name != "oxigraph":
        pytest.skip("layout 1 is simulated on Oxigraph")
    before = {nt_line(t) for t in kb.store.graph(kb.iris.entities_graph)}
    counts = kb.stats()["classes"]
    _downgrade_to_layout_1(kb)
    config = dict(kb.config)
    kb.close()
    with pytest.raises(StoreError, match="upgrade"):
        KnowledgeBase(config, read_only=True)
    with KnowledgeBase(config) as again:
        report = again.upgraded
        assert report is not None and report.from_version == 1 and report.documents == 3
        assert {nt_line(t) for t in again.store.graph(again.iris.entities_graph)} == before
        assert again.stats()["classes"] == counts
        assert entities.check(again.store, again.iris).ok
        assert len(again.store.query(f"SELECT * WHERE {{ <{CITY}> ?p ?o }}")) == len(
            again.store.query(f"SELECT DISTINCT * WHERE {{ <{CITY}> ?p ?o }}")
        )
        assert json.loads(again.layout.meta.read_text("utf-8"))["store_version"] == STORE_VERSION
    with KnowledgeBase(config) as third:
        assert third.upgraded is None


def test_cli_checks_and_rebuilds(kb):
    from click.testing import CliRunner

    from kg.cli import cli

    store, runner = str(kb.root), CliRunner()
    with kb.store.transaction() as tx:
        tx.remove(kb.iris.entities_graph, list(kb.store.graph(kb.iris.entities_graph))[:2])
    kb.close()
    env = {"KG_BASE_IRI": BASE, "KG_TOPIC_EMBEDDINGS": "0"}
    damaged = runner.invoke(cli, ["--store", store, "entities"], env=env)
    assert damaged.exit_code == 1 and "2 missing" in damaged.output
    repaired = runner.invoke(cli, ["--store", store, "entities", "--rebuild"], env=env)
    assert repaired.exit_code == 0 and "consistent" in repaired.output
    current = runner.invoke(cli, ["--store", store, "upgrade"], env=env)
    assert current.exit_code == 0 and "already at the current layout" in current.output


def test_record_lines_hold_any_literal():
    """A label with a line break, quotes or a backslash is one record line and parses back."""
    from rdflib import Literal, URIRef

    triple = (URIRef(f"{BASE}entity/person/x"), RDFS.label, Literal('Nguyễn Văn\n"A" \\ B', lang="vi"))
    line = nt_line(triple)
    assert "\n" not in line and entities.parse_lines([line]) == [triple]
