"""The ``kg`` command line: a thin layer over :class:`kg.kb.KnowledgeBase`.

Errors from the library (:class:`~kg.errors.KGError`) become one-line messages with a hint.
This module knows only the store's own commands. The package on top assembles the full
``kg`` command (:func:`extend`): it adds its commands by ``"module:attr"`` name, imported
only when run (so ``kg --help`` and ``kg ingest`` stay fast), and the hooks that keep what
mirrors the store (the passage index) in step after ``ingest`` and ``remove``. ``kg`` names
none of the packages above it.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click

from . import settings
from .errors import KGError
from .iris import Iris
from .reader import FORMATS
from .registry import load
from .store import EXPORT_FORMATS

if TYPE_CHECKING:  # imported where used: it opens the store
    from .kb import KnowledgeBase

P = ParamSpec("P")
R = TypeVar("R")

# Registries of kg's own group (empty: the package on top builds its group with extend()).
LAZY_COMMANDS: dict[str, str] = {}  # name -> "module:attr", imported when the command runs
# "module:attr" of hooks called as hook(kb, progress=...) after documents were added, changed
# or removed; each returns a report with .summary().
AFTER_CHANGE: list[str] = []
DEMO_DIR = Path(__file__).parent / "data" / "demo"


class LazyGroup(click.Group):
    """A click group that imports the commands of ``lazy`` on first use and knows the hooks
    to run after a change (``after_change``); both default to this module's registries."""

    def __init__(
        self,
        *args: Any,
        lazy: Mapping[str, str] | None = None,
        after_change: Sequence[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = LAZY_COMMANDS if lazy is None else lazy
        self.after_change = AFTER_CHANGE if after_change is None else after_change

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            command: click.Command = load(self.lazy[name])
            return command
        return super().get_command(ctx, name)


def kg_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors into one-line CLI errors (and the storage engine's report of
    damaged files, which it raises as a bare RuntimeError, into one line too)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except KGError as err:
            raise click.ClickException(str(err)) from None
        except RuntimeError as err:
            if not str(err).startswith("Corruption"):
                raise
            first = str(err).strip().splitlines()[0][:300]
            raise click.ClickException(
                f"the store's files are damaged ({first}); restore it from a backup, "
                f"or move it away and ingest the documents again"
            ) from None

    return wrapper


def run_after_change(ctx: click.Context, progress: Callable[[Iterable[Any]], Iterable[Any]] = iter) -> None:
    """Let what mirrors the store catch up with it: the hooks of the running ``kg`` group.

    Called after the writer has closed the store: each hook gets a read-only view, so a
    long one (embedding passages takes minutes) keeps no other writer waiting.
    """
    hooks = getattr(ctx.find_root().command, "after_change", AFTER_CHANGE)
    if not hooks:
        return
    with open_kb(ctx, read_only=True) as kb:
        for target in hooks:
            report = load(target)(kb, progress=progress)
            click.echo(report.summary())


def open_kb(ctx: click.Context, read_only: bool = False) -> KnowledgeBase:
    """The knowledge base of ``--store``; an older store layout is upgraded (and said so)."""
    from .kb import KnowledgeBase

    kb = KnowledgeBase(ctx.obj, read_only=read_only)
    if kb.upgraded is not None:
        click.echo(kb.upgraded.summary(), err=True)
    return kb


@click.group(cls=LazyGroup)
@click.option(
    "--store",
    "store",
    metavar="DIR",
    envvar="KG_STORE",
    help="Store directory (default: per-user data dir; env KG_STORE).",
)
@click.version_option(package_name="vnkg")
@click.pass_context
def cli(ctx: click.Context, store: str | None) -> None:
    """vnkg: knowledge graph over Vietnamese documents."""
    ctx.obj = {"KG_STORE": store} if store else {}


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Input format (default: detected per file).")
@click.option("--demo", is_flag=True, help="Ingest the bundled demo document (the Sông Công article).")
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Processes that prepare and extract documents (default: KG_WORKERS, 0 = one per core; 1 = none).",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    default=None,
    help="Prepare and extract on a Dask cluster: a scheduler's address (tcp://host:8786), or local[:N] "
    "for a local cluster of N processes (default: KG_CLUSTER; --workers sizes 'local').",
)
@click.pass_context
@kg_errors
def ingest(
    ctx: click.Context, paths: tuple[Path, ...], fmt: str | None, demo: bool, workers: int | None, cluster: str | None
) -> None:
    """Ingest files or directories (recursively) into the store.

    Example: kg ingest ../shared/corpus/vnnews/ --workers 2

    Example: kg ingest ../shared/corpus/vnnews/ --cluster tcp://scheduler:8786
    """
    named = list(paths) + ([DEMO_DIR] if demo else [])
    if not named:
        raise click.UsageError("give at least one file or directory, or --demo")
    from tqdm import tqdm

    progress = functools.partial(tqdm, unit="file", disable=None, file=sys.stderr, leave=False)
    with open_kb(ctx) as kb:  # the writer lock is held for the graph only, not for what follows
        report = kb.ingest(named, fmt, progress, workers=workers, cluster=cluster)
    for failure in report.failures:
        click.echo(f"error: {failure}", err=True)
    click.echo(report.summary())
    run_after_change(ctx, functools.partial(tqdm, unit="passage", disable=None, file=sys.stderr, leave=False))
    if report.failures:
        ctx.exit(1)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (stable keys).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Input format (default: detected).")
@click.option("--no-embeddings", is_flag=True, help="Assign topics by keywords only (no model load).")
@kg_errors
def extract(file: Path, as_json: bool, fmt: str | None, no_embeddings: bool) -> None:
    """Extract entities, indicators, proposals and relations from one file (no store).

    Example: kg extract article.txt --json
    """
    from .extraction_json import extraction_json
    from .pipeline import extract_file

    config = settings.load()
    model = None if no_embeddings or not config["KG_TOPIC_EMBEDDINGS"] else config["KG_EMBED_MODEL"]
    results = extract_file(file, fmt, config, model)
    for doc, extraction in results:
        data = extraction_json(doc, extraction, Iris(config["KG_BASE_IRI"]))
        click.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json else summarise(data))


def summarise(data: dict[str, Any]) -> str:
    """A readable digest of :func:`extraction_json` output."""
    lines = [f"{data['doc_id']}  {data['title']}" + ("  (title restored)" if data["title_restored"] else "")]
    for e in data["entities"]:
        where = f"  ⊂ {', '.join(i.rsplit('/', 1)[-1] for i in e['located_in'])}" if e["located_in"] else ""
        code = f" [{e['code']}]" if e["code"] else ""
        lines.append(f"  {e['type']:<15} {e['label']}{code}{where}")
    for o in data["indicators"]:
        target = f" (target {o['target']:g})" if o["target"] is not None else ""
        lines.append(f"  Indicator       {o['label']}: {o['comparator']} {o['display']}{target}")
    for kind in ("proposals", "directives"):
        for p in data[kind]:
            lines.append(f"  {kind[:-1].title():<15} {p['text'][:90]}  [{', '.join(p['topics'])}]")
    return "\n".join(lines)


@cli.command()
@click.argument("doc")
@click.pass_context
@kg_errors
def remove(ctx: click.Context, doc: str) -> None:
    """Delete a document's facts (by id, IRI, source name or path)."""
    with open_kb(ctx) as kb:
        info = kb.remove(doc)
    click.echo(f"removed {info.doc_id} ({info.source}): {info.title}")
    run_after_change(ctx)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="turtle", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default: standard output).")
@click.pass_context
@kg_errors
def export(ctx: click.Context, fmt: str, out: Path | None) -> None:
    """Export the ontology and all data (trig, nquads and jsonld keep the named graphs)."""
    with open_kb(ctx, read_only=True) as kb:
        if out is None:
            count = kb.export(fmt, sys.stdout.buffer)
        else:
            tmp = out.with_name(out.name + ".tmp")
            with open(tmp, "wb") as fh:
                count = kb.export(fmt, fh)
            tmp.replace(out)
    click.echo(f"exported {count} statements as {fmt}" + (f" to {out}" if out else ""), err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@kg_errors
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts of documents, triples and instances per class (reads a snapshot: works while
    another process is writing)."""
    with open_kb(ctx, read_only=True) as kb:
        data = kb.stats()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"store     {data['store']} ({data['backend']}, {data['disk_bytes'] / 1e6:.1f} MB on disk)")
    click.echo(f"documents {data['documents']}\ngraphs    {data['graphs']}\nquads     {data['quads']}")
    for name, count in data["classes"].items():
        click.echo(f"  {name:<20} {count}")


@cli.command()
@click.option("--max", "limit", default=20, show_default=True, help="Violations to print.")
@click.pass_context
@kg_errors
def validate(ctx: click.Context, limit: int) -> None:
    """Check the stored data against the SHACL shapes."""
    with open_kb(ctx, read_only=True) as kb:
        report = kb.validate()
    for violation in report.violations[:limit]:
        click.echo(str(violation))
    if report.conforms:
        click.echo(f"conforms: {report.triples} triples checked against the shapes")
    else:
        click.echo(f"{len(report.violations)} violations in {report.triples} triples", err=True)
        ctx.exit(1)


@cli.command()
@click.option("--rebuild", is_flag=True, help="Recompute the entities graph from the documents' records.")
@click.pass_context
@kg_errors
def entities(ctx: click.Context, rebuild: bool) -> None:
    """Verify the entities graph against the documents (exit 1 if they disagree), or rebuild it.

    Every entity's description is stored once; each document records the triples it supports.
    Example: kg entities && kg entities --rebuild
    """
    from . import entities as shared

    with open_kb(ctx, read_only=not rebuild) as kb:
        result = (shared.rebuild if rebuild else shared.check)(kb.store, kb.iris)
        if rebuild:
            kb.bump_generation()
    for line in (*result.missing[:5], *result.extra[:5]):
        click.echo(("missing   " if line in result.missing else "unsupported ") + line)
    click.echo(result.summary())
    if not result.ok:
        ctx.exit(1)


@cli.command()
@click.pass_context
@kg_errors
def upgrade(ctx: click.Context) -> None:
    """Upgrade a store written by an earlier vnkg to the current layout (nothing is lost).

    Opening a store for writing upgrades it too; this command only does that and reports.
    """
    with open_kb(ctx) as kb:
        if kb.upgraded is None:
            click.echo(f"store {kb.root} is already at the current layout")


def extend(lazy: Mapping[str, str], after_change: Sequence[str] = (), help: str | None = None) -> LazyGroup:
    """kg's group with more commands and after-change hooks, for the package on top.

    Args:
        lazy: command name -> ``"module:attr"`` of a click command, imported when run.
        after_change: ``"module:attr"`` of hooks run after ``ingest`` and ``remove``.
        help: the group's help text (default: kg's own).
    """
    return LazyGroup(
        name=cli.name,
        commands=dict(cli.commands),
        params=list(cli.params),
        callback=cli.callback,
        help=help or cli.help,
        lazy={**LAZY_COMMANDS, **lazy},
        after_change=(*AFTER_CHANGE, *after_change),
    )


def main() -> None:
    """kg's own commands only (``python -m kg``); the installed ``kg`` is assembled on top (:func:`extend`)."""
    cli(prog_name="kg")
