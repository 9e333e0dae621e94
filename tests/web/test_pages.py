"""The HTML pages over the demo store: every route, its error paths, content negotiation,
escaping of document text, and render time."""

from __future__ import annotations

import json
import re
import time
from html import unescape
from html.parser import HTMLParser
from urllib.parse import unquote_plus

import pytest

PARK = "/entity/industrial-park/kcn-song-cong-2"
WARD = "/entity/ward/05512"
CITY = "/entity/city/165"
BASE_IRI = "http://kg.test/"  # the conftest's: pages must link by path whatever the base
RING_ROAD = "đầu tư xây dựng mới đường vành đai 5, đoạn qua TP Sông Công"


@pytest.fixture(scope="module")
def doc_id(web_kb) -> str:
    return web_kb.documents()[0].doc_id


def html(response) -> str:
    assert response.status_code == 200, response.data[:500]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def graph_data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.DOTALL)
    assert found, "no graph-data block"
    return json.loads(found.group(1))


# -- layout ------------------------------------------------------------------------------
def test_demo_store_uses_the_base_this_module_expects(web_config):
    assert web_config["KG_BASE_IRI"] == BASE_IRI


def test_base_layout_has_bilingual_nav_and_no_inline_script(client):
    page = html(client.get("/documents"))
    for href, label in [
        ("/", "Hỏi đáp"),
        ("/search", "Tìm kiếm"),
        ("/browse", "Duyệt"),
        ("/documents", "Tài liệu"),
        ("/sparql", "SPARQL"),
        ("/add", "Thêm tài liệu"),
        ("/api/openapi.json", "API"),
    ]:
        assert re.search(rf'<a href="{re.escape(href)}"[^>]*>{label}', page), href
    assert '<html lang="vi">' in page and 'lang="en"' in page
    assert re.search(r'<a href="/documents" aria-current="page">', page)
    assert not re.search(r"<script(?![^>]*(src=|type=\"application/json\"))", page)  # CSP: script-src 'self'


# -- ask ---------------------------------------------------------------------------------
ANSWER = {
    "language": "vi",
    "interpretation": {
        "intent": "list",
        "type": "Proposal",
        "topic": {"iri": "https://w3id.org/vnkg/topic/transport", "label": "Giao thông"},
        "entity": None,
        "indicator": None,
        "place": None,
        "period": None,
    },
    "sparql": "SELECT ?p WHERE { ?p a kg:Proposal }",
    "answers": [
        {
            "iri": f"{BASE_IRI}entity/road/19-vanh-dai-5",
            "label": "Vành đai 5",
            "type": "Road",
            "value": None,
            "evidence": [
                {
                    "doc_id": "DOC",
                    "source": "seed.txt",
                    "title": "Chủ tịch UBND",
                    "sentence": f"{BASE_IRI}doc/DOC#s9",
                    "text": "đề xuất đầu tư xây dựng mới đường Vành đai 5, đoạn qua TP Sông Công",
                }
            ],
        }
    ],
    "passages": [],
    "confidence": 0.82,
    "message": "Tìm thấy 1 đề xuất · Found 1 proposal",
    "path": None,
}


def test_home_shows_the_box_and_bilingual_examples(client):
    page = html(client.get("/"))
    assert re.search(r'<form id="ask"[^>]*action="/"', page) and 'name="q"' in page
    examples = [unquote_plus(unescape(q)) for q in re.findall(r'href="/\?q=([^"]+)"', page)]
    assert len(examples) >= 12  # each example in Vietnamese and in English
    assert (
        "Khu công nghiệp Sông Công II nằm ở đâu?" in examples and "Where is Sông Công II industrial park?" in examples
    )


def test_ask_shows_answers_evidence_sparql_and_confidence(client, fake_answerer):
    fake = fake_answerer(ANSWER)
    page = html(client.get("/", query_string={"q": "đề xuất giao thông"}))
    assert fake.questions == ["đề xuất giao thông"]
    assert '<a class="answer-label" href="/entity/road/19-vanh-dai-5">Vành đai 5</a>' in page
    assert "<mark>Vành đai 5</mark>" in page  # the answer marked in its evidence, accents/case ignored
    assert 'href="/doc/DOC#s9"' in page
    assert re.search(r"<details class=\"sparql\">.*SELECT \?p WHERE \{ \?p a kg:Proposal \}", page, re.DOTALL)
    assert "82%" in page and "Tìm thấy 1 đề xuất" in page
    assert 'href="/browse/topic/transport"' in page  # interpreted topic links to its topic page


def test_ask_without_answers_says_so_and_shows_passages(client, fake_answerer, doc_id):
    hit = {
        "passage_id": "p1",
        "doc_id": doc_id,
        "source": "s.txt",
        "title": "Tiêu đề",
        "score": 1.0,
        "passage": "hạ tầng",
        "snippet": "xây dựng hạ tầng KCN",
        "highlights": [[9, 16]],
        "start": 0,
        "end": 7,
        "entities": [{"iri": f"{BASE_IRI}entity/city/165", "label": "Thành phố Sông Công", "type": "City"}],
    }
    fake_answerer({**ANSWER, "answers": [], "sparql": None, "passages": [hit]})
    page = html(client.get("/?q=ha+tang"))
    assert "No answer found in the graph" in page
    assert "xây dựng <mark>hạ tầng</mark> KCN" in page
    assert f'href="/doc/{doc_id}#s0"' in page and 'href="/entity/city/165"' in page  # to the passage's sentence


# -- search ------------------------------------------------------------------------------
def test_search_highlights_accentless_query_and_links_entities(client):
    page = html(client.get("/search?q=ha+tang+khu+cong+nghiep"))
    count = int(re.search(r'id="result-count">(\d+) kết quả', page).group(1))
    assert count >= 1 and page.count('<li class="hit">') == count
    marks = {m.casefold() for m in re.findall(r"<mark>([^<]*)</mark>", page)}
    assert {"hạ", "tầng", "khu", "công", "nghiệp", "kcn"} <= marks  # each word as written, the abbreviation too
    assert 'class="chip t-IndustrialPark" href="/entity/industrial-park/kcn-song-cong-2"' in page
    assert re.search(r'<h3><a href="/doc/[0-9a-f]+#s\d+">', page)  # each hit opens at its sentence


def test_search_filters_narrow_the_results(client, doc_id):
    everything = html(client.get("/search?q=Sông+Công&k=50")).count('<li class="hit">')
    roads = html(client.get("/search?q=Sông+Công&k=50&type=Road"))
    assert 0 < roads.count('<li class="hit">') < everything
    assert '<option value="Road" selected>' in roads
    assert html(client.get(f"/search?q=Sông+Công&doc={doc_id}&topic=transport")).count('<li class="hit">') >= 1


def test_empty_search_shows_the_form_only(client):
    page = html(client.get("/search?q=+++"))
    assert '<form id="search"' in page and "result-count" not in page


@pytest.mark.parametrize(
    "query, status",
    [("q=x&type=Nope", 400), ("q=x&topic=nope", 400), ("q=x&k=0", 400), ("q=x&k=abc", 400), ("q=x&doc=zzzzzz", 404)],
)
def test_bad_search_filters_are_error_pages(client, query, status):
    response = client.get(f"/search?{query}")
    assert response.status_code == status and response.mimetype == "text/html"
    assert "Traceback" not in response.get_data(as_text=True)


# -- entity ------------------------------------------------------------------------------
def test_ward_page_shows_code_coordinates_successor_and_relations(client):
    page = html(client.get(WARD))
    assert "<h1>Phường Mỏ Chè" in page
    assert "Đơn vị hành chính cấp xã" in page and "Commune-level unit" in page  # type label vi · en
    assert "<code>05512</code>" in page and "21.474209" in page
    assert re.search(r'class="successor"><a href="/entity/ward/2025-05533">Phường Bá Xuyên \(2025\)</a>', page)
    assert "nằm trên địa bàn" in page and 'href="/entity/city/165"' in page  # outgoing, by ontology label
    assert 'href="/entity/organization/dang-bo-phuong-mo-che"' in page  # incoming jurisdiction
    assert "<mark>phường Mỏ Chè</mark>" in page  # mention in its sentence


def test_entity_graph_data_holds_the_neighbours(client):
    park = graph_data(html(client.get(PARK)))
    assert park["center"] == f"{BASE_IRI}entity/industrial-park/kcn-song-cong-2"
    assert {"/entity/city/165"} <= {n["path"] for n in park["nodes"]}
    ward = graph_data(html(client.get(WARD)))
    paths = {n["path"] for n in ward["nodes"]}
    assert {"/entity/city/165", "/entity/ward/2025-05533", "/entity/organization/dang-bo-phuong-mo-che"} <= paths
    assert any(e["label"] == "nằm trên địa bàn" for e in ward["edges"])
    deeper = graph_data(html(client.get(WARD + "?depth=2")))
    assert len(deeper["nodes"]) > len(ward["nodes"]) and "/entity/province/19" in {n["path"] for n in deeper["nodes"]}


def test_entity_page_loads_vis_locally_and_lists_related(client):
    page = html(client.get(PARK))
    assert '<div id="graph"' in page and 'src="/static/vendor/vis-network.min.js"' in page
    assert re.search(r'<ol class="related">.*href="/entity/city/165"', page, re.DOTALL)
    proposals = re.search(r'<section aria-labelledby="proposals-h">.*?</section>', page, re.DOTALL).group(0)
    assert '<span class="count">1</span>' in proposals  # its own proposal, not the ring road's
    assert "tiến độ xây dựng hạ tầng kỹ thuật và thu hút đầu tư vào Sông Công 2" in proposals


def test_vis_network_is_served_from_the_pyvis_package(client):
    response = client.get("/static/vendor/vis-network.min.js")
    assert response.status_code == 200 and b"vis" in response.data[:2000]
    assert client.get("/static/vendor/vis-network.css").status_code == 200
    assert client.get("/static/vendor/other.js").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/entity/ward/99999",
        "/entity/nothing",
        "/entity/ward/05512/extra",
        "/entity/ward/05512%3E%20%3Fp%20%3Fo%20%7D%20%23",
        "/entity/ward/a%20b",
        "/entity/ward/05512%3E?format=ttl",
    ],
)
def test_unknown_entity_is_a_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.mimetype == "text/html"


@pytest.mark.parametrize(
    "accept, mime",
    [
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/json", "application/json"),
        ("text/html", "text/html"),
        ("*/*", "text/html"),
    ],
)
def test_entity_content_negotiation(client, accept, mime):
    response = client.get(WARD, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == mime
    assert "Accept" in response.headers.get("Vary", "")


def test_entity_turtle_describes_it_and_downloads_with_a_name(client):
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDFS

    response = client.get(WARD + "?format=ttl")
    assert response.mimetype == "text/turtle"
    assert 'filename="ward-05512.ttl"' in response.headers["Content-Disposition"]
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    ward = URIRef(f"{BASE_IRI}entity/ward/05512")
    assert str(graph.value(ward, RDFS.label)) == "Phường Mỏ Chè"
    assert (URIRef(f"{BASE_IRI}entity/organization/dang-bo-phuong-mo-che"), None, ward) in graph  # incoming
    city = URIRef(f"{BASE_IRI}entity/city/165")  # a neighbour: its labels, so a viewer can name it
    assert (ward, None, city) in graph
    assert {str(label) for label in graph.objects(city, RDFS.label)} == {"Thành phố Sông Công"}
    assert re.search(r'id="download-ttl" href="/entity/ward/05512\?format=ttl"', html(client.get(WARD)))


def test_entity_json_ld_and_json(client):
    from rdflib import Graph

    graph = Graph().parse(data=client.get(WARD + "?format=jsonld").get_data(as_text=True), format="json-ld")
    assert len(graph) > 5
    data = client.get(WARD, headers={"Accept": "application/json"}).get_json()
    assert data["code"] == "05512" and data["successor"]["path"] == "/entity/ward/2025-05533"


def test_graph_json_and_bad_depth(client):
    data = client.get(WARD + "?format=graph&depth=2").get_json()
    assert data["depth"] == 2 and len(data["nodes"]) > 3
    assert client.get(WARD + "?depth=3").status_code == 400
    assert client.get(WARD + "?depth=x").status_code == 400
    assert client.get(WARD + "?format=pdf").status_code == 400


# -- documents ---------------------------------------------------------------------------
def test_documents_list(client, doc_id):
    page = html(client.get("/documents"))
    assert (
        f'<a href="/doc/{doc_id}">Chủ tịch UBND tỉnh Thái Nguyên làm việc với Ban Thường vụ Thành ủy Sông Công</a>'
        in page
    )
    assert "000_21c30ca8b6a13368.txt" in page and re.search(r'<td class="num">15</td>', page)
    assert client.get("/documents?page=2").status_code == 404
    assert client.get("/documents?page=-1").status_code == 400


def test_document_page_links_mentions_and_anchors_sentences(client, doc_id):
    page = html(client.get(f"/doc/{doc_id}"))
    assert "<h1>Chủ tịch UBND tỉnh Thái Nguyên làm việc với Ban Thường vụ Thành ủy Sông Công</h1>" in page
    assert "chu tich ubnd tinh thai nguyen" in page  # original title
    for n in range(15):
        assert f'id="s{n}"' in page
    assert re.search(
        r'<span class="sentence" id="s9">.*?<a class="mention t-Road" href="/entity/road/19-vanh-dai-5"[^>]*>'
        r"đường vành đai 5</a>",
        page,
        re.DOTALL,
    )
    assert RING_ROAD in page and "thu ngân sách" in page  # proposals and figures beside the text
    assert "Chưa đạt" in page  # the 20% vs 22% target
    assert "chức vụ thuộc" in page  # a reified relation, by its ontology label


def test_document_iri_resolves_and_unknown_is_404(client, doc_id):
    assert client.get(f"/doc/{doc_id}", headers={"Accept": "text/turtle"}).mimetype == "text/turtle"
    assert client.get(f"/doc/{doc_id}?format=json").get_json()["doc_id"] == doc_id
    assert client.get("/doc/0000000000000000").status_code == 404
    assert client.get("/doc/x%3E%20%7D").status_code == 404  # never reaches a query
    assert client.get("/doc/x%3E?format=ttl").status_code == 404


# -- browse ------------------------------------------------------------------------------
def test_browse_lists_types_with_counts(client):
    page = html(client.get("/browse"))
    # three articles: QL3 (roads), Phổ Yên (cities), one proposal each, the filling-rate indicator
    # and the new figures (see test_browse) join the seed's; the shared park and ring road count once
    for slug, count in [
        ("ward", 2),
        ("city", 2),
        ("industrial-park", 2),
        ("road", 3),
        ("proposal", 7),
        ("directive", 4),
        ("indicator", 9),
        ("observation", 14),
        ("congress", 2),
        ("person", 0),
    ]:
        # the count inside the type's own link, not the next one on the page
        assert re.search(
            rf'<a href="/browse/{slug}">(?:(?!</a>).)*<span class="count">{count}</span></a>', page, re.DOTALL
        ), slug


def test_browse_one_type(client):
    page = html(client.get("/browse/industrial-park"))
    assert (
        'href="/entity/industrial-park/kcn-song-cong-1"' in page
        and 'href="/entity/industrial-park/kcn-song-cong-2"' in page
    )
    assert RING_ROAD in html(client.get("/browse/proposal"))
    assert html(client.get("/browse/IndustrialPark")).count("/entity/industrial-park/") == 2


@pytest.mark.parametrize(
    "url, status",
    [
        ("/browse/nope", 404),
        ("/browse/ward?page=0", 400),
        ("/browse/ward?page=x", 400),
        ("/browse/ward?page=2", 404),
        ("/browse/topic/nope", 404),
        ("/browse/observation?page=zz", 400),
    ],
)
def test_browse_errors(client, url, status):
    assert client.get(url).status_code == status


class TopicPath(HTMLParser):
    """Records, for each piece of text, the ids of the topic <li> elements around it."""

    def __init__(self):
        super().__init__()
        self.stack: list[str | None] = []
        self.texts: list[tuple[tuple[str, ...], str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.stack.append(dict(attrs).get("data-topic"))

    def handle_endtag(self, tag):
        if tag == "li" and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        self.texts.append((tuple(t for t in self.stack if t), data))


def test_topic_tree_puts_the_ring_road_under_infrastructure_via_transport(client):
    parser = TopicPath()
    parser.feed(html(client.get("/browse/topics")))
    around = [topics for topics, text in parser.texts if RING_ROAD in text]
    assert ("infrastructure", "transport") in around
    topic = html(client.get("/browse/topic/infrastructure"))
    assert RING_ROAD in topic and 'href="/browse/topic/transport"' in topic  # narrower topics included


def test_indicator_table_marks_met_missed_unknown(client):
    page = html(client.get("/browse/observation"))
    row = re.search(r"<tr>(?:(?!</tr>).)*cơ cấu ngành thương mại – dịch vụ(?:(?!</tr>).)*</tr>", page, re.DOTALL).group(
        0
    )
    assert ">20<" in row and ">22<" in row and "Chưa đạt" in row
    assert "Chưa rõ" in page and re.search(r'<span class="cmp">&gt;</span> 19', page)


# -- safety and speed ----------------------------------------------------------------------
def test_document_text_is_escaped_on_every_page(xss_client, xss_payloads):
    docs = xss_client.get("/documents").get_data(as_text=True)
    doc_path = re.search(r'href="(/doc/[0-9a-f]+)"', docs).group(1)
    entity_paths = set(re.findall(r'href="(/entity/[^"#]+)"', xss_client.get(doc_path).get_data(as_text=True)))
    assert entity_paths
    urls = [
        "/documents",
        doc_path,
        "/search?q=script+alert",
        "/search?q=img",
        "/browse",
        "/browse/proposal",
        "/browse/topics",
        "/browse/observation",
        *sorted(entity_paths),
    ]
    for url in urls:
        response = xss_client.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        for payload in xss_payloads:
            assert payload not in body, url
        assert "<img" not in body and "<script>alert" not in body, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xss_client.get(doc_path).get_data(as_text=True)


def test_answer_text_is_escaped(client, fake_answerer, xss_payloads):
    evil = "".join(xss_payloads)
    fake_answerer(
        {**ANSWER, "message": evil, "sparql": evil, "answers": [{**ANSWER["answers"][0], "label": evil, "value": evil}]}
    )
    body = html(client.get("/?q=x"))
    assert all(p not in body for p in xss_payloads) and "<img" not in body


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/search?q=ha+tang",
        PARK,
        WARD,
        CITY,
        "/documents",
        "/browse",
        "/browse/topics",
        "/browse/observation",
        "/browse/ward",
    ],
)
def test_pages_render_fast(client, url):
    """A guard against a page that stops being cached (seconds, not milliseconds): the best of three
    warm renders, with a bound a loaded 2-core machine keeps; bench/bench_web.py measures speed."""
    client.get(url)  # warm caches (ontology labels, entity graph)
    elapsed = []
    for _ in range(3):
        started = time.perf_counter()
        response = client.get(url)
        elapsed.append(time.perf_counter() - started)
    assert response.status_code == 200
    assert min(elapsed) < 1.0, f"{url} took {min(elapsed) * 1000:.0f} ms at best"
    assert len(response.data) < 120_000  # no huge inline JSON


def test_document_page_renders_fast(client, doc_id):
    client.get(f"/doc/{doc_id}")
    elapsed = []
    for _ in range(3):
        started = time.perf_counter()
        assert client.get(f"/doc/{doc_id}").status_code == 200
        elapsed.append(time.perf_counter() - started)
    assert min(elapsed) < 1.0


def test_npm_libraries_are_served_from_node_modules(client, monkeypatch, tmp_path):
    """Leaflet and the others come from node_modules; when npm never ran, a 404 that says how to install."""
    from web import vendor

    if vendor.available("leaflet.js"):
        response = client.get("/static/vendor/leaflet.js")
        assert response.status_code == 200 and response.mimetype == "application/javascript"
        assert b"Leaflet" in response.get_data()[:2000]
    monkeypatch.setenv("KG_NODE_MODULES", str(tmp_path))
    vendor.asset_bytes.cache_clear()
    try:
        missing = client.get("/static/vendor/chart.umd.min.js")
        assert missing.status_code == 404
        assert b"scripts/frontend.sh" in missing.get_data()
    finally:
        vendor.asset_bytes.cache_clear()
    assert client.get("/static/vendor/../package.json").status_code == 404
