"""``kg search`` and ``kg reindex``: click commands registered by name in :mod:`kg.cli`.

They reuse ``kg.cli``'s store option (``ctx.obj``), :func:`kg.cli.open_kb` and its error
translation, so a library error is one line with a hint, as in every other command.
"""

from __future__ import annotations

import functools
import json
import sys
from typing import TYPE_CHECKING

import click

from kg.cli import kg_errors, open_kb

if TYPE_CHECKING:
    from .api import Hit
    from .qa.result import Result

MODES = ("hybrid", "lexical", "dense")


@click.command()
@click.argument("query")
@click.option("-k", "--limit", "k", default=10, show_default=True, help="Number of passages to show.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (stable keys).")
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default="hybrid",
    show_default=True,
    help="Fused ranking, BM25 only, or embeddings only.",
)
@click.option("--doc", "document", metavar="DOC", help="Only this document (id, id prefix or source name).")
@click.option("--entity", metavar="IRI|LABEL", help="Only passages mentioning this entity.")
@click.option(
    "--type",
    "type_",
    metavar="CLASS",
    help="Only passages with an entity or statement of this class (Road, Proposal, ...).",
)
@click.option(
    "--topic", metavar="TOPIC", help="Only passages with a proposal or directive on this topic (infrastructure, ...)."
)
@click.option("--year", metavar="YYYY", help="Only documents published in this year.")
@click.option("--from", "start", metavar="YYYY-MM-DD", help="Only documents published on or after this day.")
@click.option("--to", "end", metavar="YYYY-MM-DD", help="Only documents published on or before this day.")
@click.pass_context
@kg_errors
def search(
    ctx: click.Context,
    query: str,
    k: int,
    as_json: bool,
    mode: str,
    document: str | None,
    entity: str | None,
    type_: str | None,
    topic: str | None,
    year: str | None,
    start: str | None,
    end: str | None,
) -> None:
    """Search the stored documents (Vietnamese with or without diacritics, abbreviations, English).

    Date filters use each document's publication date (a JSON Lines `date` field or the
    folder's MANIFEST.tsv); documents without one are left out.

    Example: kg search "ha tang khu cong nghiep" -k 5 --from 2020-01-01 --to 2020-06-30
    """
    from .api import Searcher
    from .dates import date_range

    filters = {
        "document": document,
        "entity": entity,
        "type": type_,
        "topic": topic,
        "published": date_range(year, start, end),
    }
    with open_kb(ctx, read_only=True) as kb:
        hits = Searcher(kb, mode=mode).search(query, k, filters)
    if as_json:
        results = [_result(h) for h in hits]
        click.echo(json.dumps({"query": query, "results": results}, ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("no passage matches", err=True)
    for rank, hit in enumerate(hits, start=1):
        click.echo(format_hit(rank, hit))


def _result(hit: Hit) -> dict:
    data = hit.to_dict()
    keys = ("doc_id", "source", "title", "score", "snippet", "passage", "entities")
    return {**{key: data[key] for key in keys}, **{k: v for k, v in data.items() if k not in keys}}


def format_hit(rank: int, hit: Hit) -> str:
    """Three lines per hit: rank, score, source and title; the snippet with terms in bold;
    the entities mentioned."""
    head = f"{rank:>2}. {hit.score:.3f}  {hit.source}  {click.style(hit.title, bold=True)}"
    out, last = [], 0
    for start, end in hit.highlights:
        out += [hit.snippet[last:start], click.style(hit.snippet[start:end], fg="yellow", bold=True)]
        last = end
    body = "    " + "".join(out) + hit.snippet[last:]
    names = ", ".join(dict.fromkeys(e["label"] for e in hit.entities))
    return "\n".join([head, body] + ([f"    [{names}]"] if names else [])) + "\n"


@click.command()
@click.option("--no-embed", is_flag=True, help="Rebuild the lexical index only (vectors later, at the next sync).")
@click.pass_context
@kg_errors
def reindex(ctx: click.Context, no_embed: bool) -> None:
    """Rebuild the search index from the store (after a model change or a damaged index).

    Example: kg reindex
    """
    from tqdm import tqdm

    from .sync import sync_index

    progress = functools.partial(tqdm, unit="passage", desc="embedding", disable=None, file=sys.stderr, leave=False)
    with open_kb(ctx, read_only=True) as kb:
        report = sync_index(kb, progress, embed=not no_embed, rebuild=True)
    click.echo(report.summary())


@click.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (stable keys).")
@click.option("--sparql", "show_sparql", is_flag=True, help="Also print the SPARQL query that was run.")
@click.option(
    "-k",
    "--passages",
    default=3,
    show_default=True,
    type=click.IntRange(0, 20),
    help="Passages to show besides the graph answer.",
)
@click.pass_context
@kg_errors
def ask(ctx: click.Context, question: str, as_json: bool, show_sparql: bool, passages: int) -> None:
    """Answer a question from the knowledge graph, with evidence (falls back to passages).

    Example: kg ask "which proposals concern infrastructure?"
    """
    from .api import Searcher
    from .qa import Answerer

    with open_kb(ctx, read_only=True) as kb:
        result = Answerer(kb, Searcher(kb)).ask(question, passages=passages)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(format_answer(result, show_sparql))


def format_answer(result: Result, show_sparql: bool = False) -> str:
    """The interpretation, each answer with its value and first evidence sentence, then passages."""
    i = result.interpretation
    slots = ", ".join(f"{k}={v['label'] if isinstance(v, dict) else v}" for k, v in i.items() if v and k != "intent")
    lines = [
        click.style(f"{i['intent']}", bold=True)
        + (f"  ({slots})" if slots else "")
        + f"  confidence {result.confidence:.1f}",
        result.message,
    ]
    if result.count is not None:
        lines.append(click.style(f"count: {result.count}", bold=True))
    for n, answer in enumerate(result.answers, start=1):
        shown = answer.get("display") or answer["value"]  # figures: the vi-VN display, not the raw number
        value = f"  = {shown}" if shown not in (None, "") else ""
        if answer.get("confidence") is not None:
            value += f"  ({round(100 * answer['confidence'])} %)"
        lines.append(f"{n:>2}. [{answer['type']}] {click.style(answer['label'], bold=True)}{value}")
        for evidence in answer["evidence"][:1]:
            lines.append(f"      “{evidence['text']}”  ({evidence['source']})")
    if show_sparql and result.sparql:
        lines += ["", result.sparql]
    if result.passages:
        lines.append("\npassages:")
        lines += [f"  {p['source']}  {p['snippet']}" for p in result.passages]
    return "\n".join(lines)
