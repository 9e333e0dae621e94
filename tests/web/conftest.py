"""Shared fixtures of the web tests: one demo store (three documents + search index) per session.

The store holds the seed and the two short articles of ``tests/data/multidoc``, which name
the same city, park and roads: pages and counts are checked where entities are shared, which
a one-document store cannot show.

Ingesting runs underthesea and the extractors (about a second with topic embeddings off), so
the store is built once and opened read-only by every app. The search index is lexical only
(``embed=False``): hybrid search quietly falls back to lexical, so no model is ever loaded.

Fixtures other web test modules may use:

* ``web_config``: the ``KG_*`` settings of the demo store (a dict; copy before changing);
* ``web_store``: path of the demo store directory (do not write to it);
* ``app``: the app over the demo store (session-scoped: do not mutate its config);
* ``client``: a test client of ``app``;
* ``make_app``: ``make_app(**extra_config)`` builds another app over the demo store;
* ``fake_answerer``: installs a stand-in question answerer on ``app`` for one test;
* ``web_kb``: the demo store opened read-only (for tests of the data functions);
* ``xss_store`` / ``xss_client``: a store whose document title and body carry HTML and
  script payloads (``XSS_PAYLOADS``), and a client over it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.kb import KnowledgeBase
from web import create_app

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "corpus" / "seed" / "000_21c30ca8b6a13368.txt"
DEMO = ROOT / "kg" / "data" / "demo" / "000_21c30ca8b6a13368.txt"
MULTIDOC = ROOT / "tests" / "data" / "multidoc"
BASE_IRI = "http://kg.test/"  # not the test client's host: pages must link by path, not by IRI


def build_store(path: Path, documents: list[Path], added: int | None = None) -> Path:
    """Ingest ``documents`` into a new store at ``path`` and index it (lexical only); ``added``:
    how many documents the ingest must add."""
    from search.sync import sync_index

    with KnowledgeBase({"KG_STORE": str(path), "KG_BASE_IRI": BASE_IRI, "KG_TOPIC_EMBEDDINGS": False}) as kb:
        report = kb.ingest(documents)
        assert not report.failures, report.failures
        assert added is None or report.added == added, report.added
        sync_index(kb, embed=False)
    return path


def build_dated_store(root: Path, articles: dict[str, str], manifest: str) -> Path:
    """A store of ``articles`` (file name -> text) with their MANIFEST.tsv (dates and sources),
    every one of them added: the store of the tests of dates, sources and the timeline."""
    folder = root / "articles"
    folder.mkdir()
    for name, text in articles.items():
        (folder / name).write_text(text, "utf-8")
    (folder / "MANIFEST.tsv").write_text(manifest, "utf-8")
    return build_store(root / "store", [folder], added=len(articles))


@pytest.fixture(scope="session")
def web_store(tmp_path_factory) -> Path:
    """A closed store holding the seed article (the demo copy when ../shared is absent) and
    the two articles that share its entities."""
    return build_store(tmp_path_factory.mktemp("web") / "store", [SEED if SEED.exists() else DEMO, MULTIDOC])


@pytest.fixture(scope="session")
def web_kb(web_store):
    with KnowledgeBase({"KG_STORE": str(web_store), "KG_BASE_IRI": BASE_IRI}, read_only=True) as kb:
        yield kb


XSS_PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(2)>')
XSS_DOCUMENT = f"""Tin {XSS_PAYLOADS[0]} về khu công nghiệp {XSS_PAYLOADS[1]}
Ảnh minh họa {XSS_PAYLOADS[1]}

UBND tỉnh Thái Nguyên {XSS_PAYLOADS[0]} đề xuất nâng cấp đường tỉnh 262 qua thành phố Sông Công {XSS_PAYLOADS[1]}.

Tỷ lệ hộ nghèo của thành phố Sông Công giảm xuống còn dưới 2% {XSS_PAYLOADS[0]}; \
Ban Thường vụ Thành ủy {XSS_PAYLOADS[1]} cần tập trung chỉ đạo.
"""


@pytest.fixture(scope="session")
def xss_payloads() -> tuple[str, ...]:
    return XSS_PAYLOADS


@pytest.fixture(scope="session")
def xss_store(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    doc = root / f"tin{XSS_PAYLOADS[1]}.txt"  # the source name carries a payload too
    doc.write_text(XSS_DOCUMENT, "utf-8")
    return build_store(root / "store", [doc])


@pytest.fixture(scope="session")
def xss_client(xss_store):
    app = create_app(
        {"TESTING": True, "KG_STORE": str(xss_store), "KG_BASE_IRI": BASE_IRI, "KG_TOPIC_EMBEDDINGS": False}
    )
    return app.test_client()


@pytest.fixture(scope="session")
def web_config(web_store) -> dict:
    return {"KG_STORE": str(web_store), "KG_BASE_IRI": BASE_IRI, "KG_TOPIC_EMBEDDINGS": False}


@pytest.fixture(scope="session")
def make_app(web_config):
    def make(**extra):
        return create_app({"TESTING": True, **web_config, **extra})

    return make


@pytest.fixture(scope="session")
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


class FakeAnswerer:
    """Answers every question with ``answer`` (a dict in ``Answer.to_dict()`` shape)."""

    def __init__(self, answer: dict):
        self.answer = answer
        self.questions: list[str] = []

    def ask(self, question: str):
        self.questions.append(question)
        return _Answer({**self.answer, "question": question})


class _Answer:
    def __init__(self, data: dict):
        self.data = data

    def to_dict(self) -> dict:
        return dict(self.data)


@pytest.fixture
def fake_answerer(app):
    """``install(answer_dict)`` puts a :class:`FakeAnswerer` on ``app`` until the test ends."""
    state = app.extensions["kg"]

    def install(answer: dict) -> FakeAnswerer:
        state.kb()  # open first: reopening the store resets the cached answerer
        state._answerer = FakeAnswerer(answer)
        return state._answerer

    yield install
    state._answerer = None
