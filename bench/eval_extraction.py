"""How well does ``kg.extract.extract_document`` find what a person finds in unseen articles?

The gold standard is ``bench/gold/*.json``: articles of ``../shared/corpus`` (the seed, vnnews
government articles, held-out vnnews-b articles and three non-government controls), labelled
by hand by reading each article (see ``bench/gold/README.md`` for the conventions). The gold
files hold labels only and point at the corpus file they describe.

Usage: ``python bench/eval_extraction.py [--json] [--verbose] [--no-held-out] [--self-test]``

Scores, micro-averaged over the files of each group (seed, vnnews, vnnews-b):

* entities, per type: a predicted entity (with at least one mention) matches a gold name of
  the same type when the folded label or any alias equals the folded gold name (or one of its
  ``" | "`` alternatives) after the per-type normalisation of :func:`name_key`. A gold name is
  matched at most once; a second predicted entity for it counts as a false positive (a
  duplicate); predicted entities matching an ``optional`` name are ignored. Predicted
  ``IndustrialPark`` entities named ``KKT ...`` are scored as ``EconomicZone``. Meeting,
  Congress, Event and Role are reported without targets. The controls report false positives.
* indicators: see :func:`indicator_matches` (value and unit agree after scaling, and the
  labels share at least half of the content words of the shorter one).
* proposals: a gold proposal is found when an extracted ``Proposal`` statement contains at
  least half of its folded words; infrastructure proposals also need a statement topic in
  ``infrastructure`` or a narrower concept of ``ontology/topics.ttl``.

``--self-test`` scores the gold against itself (every figure must be 1.0): it checks the
script while the extractor does not exist yet.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.text import fold

CORPUS = ROOT.parent / "shared" / "corpus"
GOLD_DIR = ROOT / "bench" / "gold"
TARGET_TYPES = ("Province", "City", "Ward", "IndustrialPark", "Road")
SCORED_TYPES = (*TARGET_TYPES, "EconomicZone", "Organization", "Person", "Term")
REPORTED_TYPES = ("Meeting", "Congress", "Event", "Role")
ALL_TYPES = (*SCORED_TYPES, *REPORTED_TYPES)
TARGETS = {"seed": 0.95, "vnnews": 0.80, "vnnews-b": 0.80}
GROUPS = ("seed", "vnnews", "vnnews-b")
TOPIC_NS = "https://w3id.org/vnkg/topic/"
_ROMAN_DIGITS = (("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))


def _roman(n: int) -> str:
    out = ""
    for letters, value in _ROMAN_DIGITS:
        while n >= value:
            out, n = out + letters, n - value
    return out


# Whole-word roman numerals 1-49 ("II", "VIII", "XXX"): "lần thứ XXX" = "lần thứ 30".
_ROMAN = {_roman(n): str(n) for n in range(1, 50)}
_PLACE_WORDS = re.compile(r"^(?:thanh pho|tp|tinh|thi xa|thi tran|huyen|quan|phuong|xa)\s+")
_PLACE_ALIASES = {"hcm": "ho chi minh", "sai gon": "ho chi minh"}
_PARK_WORDS = (("khu cong nghiep", "kcn"), ("cum cong nghiep", "ccn"), ("khu kinh te", "kkt"), ("khu che xuat", "kcx"))
_ROAD_WORDS = (
    ("quoc lo", "ql"),
    ("duong tinh", "dt"),
    ("tinh lo", "dt"),
    ("duong huyen", "dh"),
    ("thanh pho", "tp"),
    ("tp hcm", "tp ho chi minh"),
)
_ORG_WORDS = (
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("gtvt", "giao thong van tai"),
    ("kh dt", "ke hoach va dau tu"),
    ("khdt", "ke hoach va dau tu"),
    ("ke hoach dau tu", "ke hoach va dau tu"),
    ("tn mt", "tai nguyen va moi truong"),
    ("tnmt", "tai nguyen va moi truong"),
    ("gd dt", "giao duc va dao tao"),
    ("mttq", "mat tran to quoc"),
    ("bqlda", "ban quan ly du an"),
    ("bql", "ban quan ly"),
    ("dbqh", "dai bieu quoc hoi"),
    ("btv", "ban thuong vu"),
    ("cty", "cong ty"),
    ("ctcp", "cong ty co phan"),
    ("tnhh", "trach nhiem huu han"),
    ("hcm", "ho chi minh"),
    ("t u", "trung uong"),
    ("tw", "trung uong"),
    ("kcn", "khu cong nghiep"),
    ("kkt", "khu kinh te"),
    ("cp", "co phan"),
    ("thu tuong chinh phu", "thu tuong"),
)
_ORG_DROP = re.compile(r"\b(?:tinh|thanh pho|tp|thi xa|huyen|quan|phuong)\b")
_STOP = frozenset("cua cac nhung va la dat trong cho voi so duoc co o tai ve den tu".split())
_SCALES = {"nghin": 1000, "ngan": 1000, "trieu": 10**6, "ty": 10**9}
_UNITS = {
    "dan": "nguoi",
    "do la my": "usd",
    "do la": "usd",
    "dola": "usd",
    "$": "usd",
    "m²": "m2",
    "hecta": "ha",
    "phan tram": "%",
    "vnd": "dong",
    "t": "tan",
    "kw.h": "kwh",
}
_MEASURED = ("dong", "usd", "eur", "%", "km", "m", "m2", "km2", "ha", "tan", "kg", "mw", "kwh", "lan")


# --------------------------------------------------------------------------- normalisation


def norm_words(text: str) -> str:
    """Folded text with dashes, dots, quotes and ``&`` as spaces, roman numerals as digits.

    Folding drops the diacritics, so the tone-mark convention (``hoà``/``hòa``) cannot matter
    and :func:`kg.text.normalise` (which loads underthesea) is not needed.
    """
    text = fold(text.replace("Ð", "Đ").replace("ð", "đ"))
    text = re.sub(r"(?<=\d)\.(?=\d)", "DOT", text)  # keep "2.5" in "Vành đai 2.5"
    text = re.sub(r"[\-–—‐‑.,'’‘\"“”&()/:;]", " ", text).replace("DOT", ".")
    return " ".join(_ROMAN.get(w, w) for w in text.split())


def _replace_all(text: str, pairs) -> str:
    for old, new in pairs:
        text = re.sub(rf"\b{re.escape(old)}\b", new, text)
    return text


def name_key(entity_type: str, name: str) -> str:
    """The comparison key of a name of a type (the matching rule of this benchmark)."""
    key = norm_words(name)
    if entity_type in ("Province", "City", "Ward"):
        while _PLACE_WORDS.match(key) and not re.fullmatch(r"quan \d+|phuong \d+", key):
            key = _PLACE_WORDS.sub("", key, count=1)
        return _PLACE_ALIASES.get(key, key)
    if entity_type in ("IndustrialPark", "EconomicZone"):
        return _replace_all(key, _PARK_WORDS)
    if entity_type == "Road":
        key = _replace_all(key, _ROAD_WORDS)
        key = re.sub(r"^(?:duong|pho|dai lo|tuyen)\s+(?=\S)", "", key)
        return re.sub(r"\b(ql|dt|dh)\s+(?=\d)", r"\1", key)
    if entity_type in ("Organization", "Role", "Meeting", "Congress", "Event"):
        return " ".join(_ORG_DROP.sub(" ", _replace_all(key, _ORG_WORDS)).split())
    if entity_type == "Term":
        return "-".join(re.findall(r"\d{4}", key)) or key
    return key


def _alternatives(name: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in name.split("|") if a.strip())


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldDoc:
    """One hand-labelled article (see bench/gold/README.md for the fields)."""

    corpus: str
    file: str
    control: bool
    entities: dict
    optional: dict
    indicators: tuple = ()
    optional_indicators: tuple = ()
    proposals: tuple = ()
    optional_proposals: tuple = ()
    infrastructure_proposals: tuple = ()

    @property
    def group(self) -> str:
        return "control" if self.control else self.corpus

    @property
    def name(self) -> str:
        return f"{self.corpus}/{self.file}"

    @property
    def path(self) -> Path:
        return CORPUS / self.corpus / self.file


def load_gold(directory: Path = GOLD_DIR) -> list[GoldDoc]:
    """Every gold file of ``directory``, sorted by name."""
    docs = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        docs.append(
            GoldDoc(
                corpus=data["corpus"],
                file=data["file"],
                control=bool(data.get("control")),
                entities={t: tuple(_alternatives(n) for n in v) for t, v in data["entities"].items()},
                optional={t: tuple(_alternatives(n) for n in v) for t, v in data.get("optional", {}).items()},
                indicators=tuple(data.get("indicators", ())),
                optional_indicators=tuple(data.get("optional_indicators", ())),
                proposals=tuple(data.get("proposals", ())),
                optional_proposals=tuple(data.get("optional_proposals", ())),
                infrastructure_proposals=tuple(data.get("infrastructure_proposals", ())),
            )
        )
    return docs


# --------------------------------------------------------------------------- predictions


@dataclass(frozen=True)
class PredObservation:
    """The fields of an extracted Observation the benchmark compares."""

    label: str
    value: Decimal
    unit: str
    comparator: str = "="
    direction: str | None = None
    estimated: bool = False
    target: Decimal | None = None


@dataclass
class Prediction:
    """What the extractor returned for one document, in the benchmark's plain terms."""

    entities: dict = field(default_factory=dict)  # type -> list of name tuples
    observations: list = field(default_factory=list)  # PredObservation
    proposals: list = field(default_factory=list)  # (text, topics)


def from_extraction(extraction) -> Prediction:
    """Adapt a ``kg.extract.model.Extraction`` (entities without mentions are dropped)."""
    pred = Prediction()
    for entity in extraction.entities:
        if not entity.mentions:
            continue
        names = (entity.label, *entity.aliases)
        kind = entity.type
        if kind == "IndustrialPark" and name_key(kind, entity.label).startswith("kkt "):
            kind = "EconomicZone"
        pred.entities.setdefault(kind, []).append(names)
    pred.observations = [
        PredObservation(o.indicator_label, Decimal(o.value), o.unit, o.comparator, o.direction, o.estimated, o.target)
        for o in extraction.observations
    ]
    pred.proposals = [(s.text, tuple(s.topics)) for s in extraction.statements if s.kind == "Proposal"]
    return pred


def from_gold(gold: GoldDoc) -> Prediction:
    """A perfect prediction built from the gold itself (for ``--self-test``)."""
    pred = Prediction(entities={t: [alts for alts in v] for t, v in gold.entities.items()})
    for ind in gold.indicators:
        pred.observations.append(
            PredObservation(
                ind["indicator"],
                parse_values(ind["value"])[0],
                ind["unit"],
                ind["comparator"],
                ind.get("direction"),
                bool(ind.get("estimated")),
                Decimal(ind["target"]) if ind.get("target") else None,
            )
        )
    infra = set(gold.infrastructure_proposals)
    pred.proposals = [(p, ("infrastructure",) if p in infra else ("party-building",)) for p in gold.proposals]
    return pred


def run_extractor(docs: list[GoldDoc]) -> dict[str, Prediction]:
    """Read, prepare and extract every gold document with the real pipeline."""
    from kg.document import prepare
    from kg.extract import extract_document
    from kg.reader import read_file

    out = {}
    for gold in docs:
        doc = prepare(next(read_file(gold.path, 10**7)))
        out[gold.name] = from_extraction(extract_document(doc, encoder=None))
    return out


# --------------------------------------------------------------------------- scoring


@dataclass
class Counts:
    """True/false positives and false negatives, with the names behind them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else None

    def as_dict(self) -> dict:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def match_entities(entity_type: str, gold: tuple, optional: tuple, predicted: list) -> Counts:
    """Score predicted name tuples of one type against gold alternatives (one-to-one)."""
    gold_keys = [{name_key(entity_type, a) for a in alts} for alts in gold]
    optional_keys = {name_key(entity_type, a) for alts in optional for a in alts}
    matched = [False] * len(gold)
    counts = Counts()
    for names in predicted:
        keys = {name_key(entity_type, n) for n in names}
        free = [i for i, g in enumerate(gold_keys) if g & keys and not matched[i]]
        if free:
            matched[free[0]] = True
            counts.tp += 1
        elif keys & optional_keys:
            continue
        else:
            duplicate = any(g & keys for g in gold_keys)
            counts.fp += 1
            counts.false_positives.append(names[0] + (" (duplicate)" if duplicate else ""))
    counts.misses = [alts[0] for alts, hit in zip(gold, matched, strict=True) if not hit]
    counts.fn = len(counts.misses)
    return counts


def parse_values(text: str) -> tuple[Decimal, ...]:
    """``"145.5"`` -> (145.5,); a range ``"2-3"`` -> (2, 3); ``"1/3"`` -> (1,)."""
    out = []
    for part in re.split(r"\s*[-–]\s*", str(text).split("/")[0]):
        try:
            out.append(Decimal(part.replace(",", ".")))
        except InvalidOperation:
            continue
    return tuple(out)


def canonical_quantity(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """Scale words moved into the value: (1.8, "triệu người") -> (1800000, "nguoi")."""
    words = norm_words(unit.replace("/", " per ")).split()
    words = ["ty" if w == "ti" else w for w in words]
    scale = 1
    while len(words) > 1 and words[0] in _SCALES:
        scale *= _SCALES[words.pop(0)]
    rest = " ".join(words)
    for old, new in _UNITS.items():
        rest = re.sub(rf"(^|\s){re.escape(old)}(?=\s|$)", rf"\1{new}", rest)
    return (value * scale).normalize(), rest.replace(" per ", "/")


def units_agree(a: str, b: str) -> bool:
    """Same canonical unit, or the same before a ``/`` (``đồng/người`` vs ``đồng``); a count
    (unit ``1``, the counted noun kept in the measure) agrees with any counted noun."""
    head_a, head_b = a.split("/")[0], b.split("/")[0]
    if "1" in (head_a, head_b):
        other = head_b if head_a == "1" else head_a
        return other == "1" or other not in _MEASURED
    return a == b or (head_a == head_b and bool(a) and bool(b))


def content_words(text: str) -> set[str]:
    return {w for w in norm_words(text).split() if w not in _STOP}


def labels_overlap(a: str, b: str) -> bool:
    """At least half of the content words of the shorter label occur in the other."""
    wa, wb = content_words(a), content_words(b)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.5


def quantity_matches(gold: dict, obs: PredObservation) -> bool:
    """Value (any bound of a range) and unit agree after moving scale words into the value."""
    value, unit = canonical_quantity(obs.value, obs.unit)
    for gold_value in parse_values(gold["value"]):
        g_value, g_unit = canonical_quantity(gold_value, gold["unit"])
        if g_value == value and units_agree(g_unit, unit):
            return True
    return False


def indicator_matches(gold: dict, obs: PredObservation) -> bool:
    """An observation matches a gold indicator: same quantity and overlapping labels."""
    return quantity_matches(gold, obs) and labels_overlap(gold["indicator"], obs.label)


@dataclass
class IndicatorScore:
    """Indicator matching: strict counts, value+unit-only hits and field agreement."""

    counts: Counts = field(default_factory=Counts)
    quantity_only: int = 0
    agree: dict = field(default_factory=lambda: {"comparator": [0, 0], "estimated": [0, 0], "direction": [0, 0]})

    def add(self, other: IndicatorScore) -> None:
        self.counts.add(other.counts)
        self.quantity_only += other.quantity_only
        for k, (hit, n) in other.agree.items():
            self.agree[k] = [self.agree[k][0] + hit, self.agree[k][1] + n]


def score_indicators(gold: GoldDoc, observations: list) -> IndicatorScore:
    """Greedy one-to-one matching of gold indicators to observations (gold order)."""
    score, used = IndicatorScore(), set()
    for ind in gold.indicators:
        hit = next((i for i, o in enumerate(observations) if i not in used and indicator_matches(ind, o)), None)
        if hit is None:
            score.counts.misses.append(f"{ind['indicator']} = {ind['value']} {ind['unit']}")
            score.quantity_only += any(quantity_matches(ind, o) for o in observations)
            continue
        used.add(hit)
        score.counts.tp += 1
        for key, gold_value in (
            ("comparator", ind["comparator"]),
            ("direction", ind.get("direction")),
            ("estimated", bool(ind.get("estimated"))),
        ):
            score.agree[key][0] += getattr(observations[hit], key) == gold_value
            score.agree[key][1] += 1
    score.counts.fn = len(score.counts.misses)
    for i, obs in enumerate(observations):
        if i in used or any(quantity_matches(o, obs) for o in gold.optional_indicators):
            continue
        score.counts.fp += 1
        score.counts.false_positives.append(f"{obs.label} = {obs.value} {obs.unit}")
    return score


def covers(statement: str, proposal: str) -> bool:
    """The statement contains at least half of the proposal's folded words."""
    words = set(norm_words(proposal).split())
    return bool(words) and len(words & set(norm_words(statement).split())) / len(words) >= 0.5


def infrastructure_topics(path: Path = ROOT / "ontology" / "topics.ttl") -> frozenset[str]:
    """``infrastructure`` and every concept below it (skos:narrower / skos:broader)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import SKOS

    graph = Graph().parse(path)
    found, todo = set(), [URIRef(TOPIC_NS + "infrastructure")]
    while todo:
        concept = todo.pop()
        if concept in found:
            continue
        found.add(concept)
        todo += list(graph.objects(concept, SKOS.narrower))
        todo += list(graph.subjects(SKOS.broader, concept))
    return frozenset(str(c)[len(TOPIC_NS) :] for c in found)


def score_proposals(gold: GoldDoc, proposals: list, infra_topics) -> dict[str, Counts]:
    """Proposal recall/precision, and recall of infrastructure proposals by infra statements."""
    texts = [t for t, _ in proposals]
    infra_texts = [t for t, topics in proposals if set(topics) & infra_topics]
    out = {"proposals": Counts(), "infrastructure": Counts()}
    for key, golds, pool in (
        ("proposals", gold.proposals, texts),
        ("infrastructure", gold.infrastructure_proposals, infra_texts),
    ):
        for proposal in golds:
            if any(covers(t, proposal) for t in pool):
                out[key].tp += 1
            else:
                out[key].fn += 1
                out[key].misses.append(proposal)
    for text in texts:
        if not any(covers(text, p) for p in (*gold.proposals, *gold.optional_proposals)):
            out["proposals"].fp += 1
            out["proposals"].false_positives.append(text)
    return out


# --------------------------------------------------------------------------- evaluation


def evaluate_doc(gold: GoldDoc, pred: Prediction, infra_topics) -> dict:
    """Every score of one document."""
    entities = {
        t: match_entities(t, gold.entities.get(t, ()), gold.optional.get(t, ()), pred.entities.get(t, []))
        for t in ALL_TYPES
    }
    return {
        "entities": entities,
        "indicators": score_indicators(gold, pred.observations),
        "proposals": score_proposals(gold, pred.proposals, infra_topics),
        "counts": {
            "gold_proposals": len(gold.proposals),
            "gold_infrastructure": len(gold.infrastructure_proposals),
            "pred_proposals": len(pred.proposals),
            "pred_infrastructure": sum(bool(set(t) & infra_topics) for _, t in pred.proposals),
        },
    }


def aggregate(results: list[dict]) -> dict:
    """Micro sums over files: per entity type, all target types, indicators, proposals."""
    entities = {t: Counts() for t in (*ALL_TYPES, "targets")}
    indicators, props = IndicatorScore(), {"proposals": Counts(), "infrastructure": Counts()}
    counts = dict.fromkeys(("gold_proposals", "gold_infrastructure", "pred_proposals", "pred_infrastructure"), 0)
    for result in results:
        for t, c in result["entities"].items():
            entities[t].add(c)
            if t in TARGET_TYPES:
                entities["targets"].add(c)
        indicators.add(result["indicators"])
        for k, c in result["proposals"].items():
            props[k].add(c)
        for k, n in result["counts"].items():
            counts[k] += n
    return {"files": len(results), "entities": entities, "indicators": indicators, "proposals": props, "counts": counts}


def evaluate(docs: list[GoldDoc], predictions: dict[str, Prediction]) -> dict:
    """Per-file results and per-group aggregates (controls reported apart)."""
    infra = infrastructure_topics()
    per_file = {g.name: evaluate_doc(g, predictions[g.name], infra) for g in docs}
    groups = {
        name: aggregate([per_file[g.name] for g in docs if g.group == name])
        for name in GROUPS
        if any(g.group == name for g in docs)
    }
    controls = {
        g.name: {
            "target_fp": sum(per_file[g.name]["entities"][t].fp for t in TARGET_TYPES),
            "all_fp": sum(per_file[g.name]["entities"][t].fp for t in SCORED_TYPES),
            "indicator_fp": per_file[g.name]["indicators"].counts.fp,
            "proposal_fp": per_file[g.name]["proposals"]["proposals"].fp,
        }
        for g in docs
        if g.control
    }
    return {"groups": groups, "controls": controls, "per_file": per_file}


# --------------------------------------------------------------------------- reporting


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _target_cell(group: str, entity_type: str, f1: float | None) -> str:
    goal = TARGETS.get(group)
    if goal is None or entity_type not in (*TARGET_TYPES, "targets"):
        return ""
    if group == "seed" and entity_type != "targets":
        return ""
    ok = f1 is not None and f1 >= goal
    return f"≥ {goal:.2f} {'✓' if ok else '✗'}"


def entity_table(group: str, agg: dict) -> list[str]:
    """Markdown rows of one group's entity scores."""
    lines = [
        f"### Entities — {group} ({agg['files']} files)",
        "",
        "| type | gold | TP | FP | FN | P | R | F1 | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for t in (*TARGET_TYPES, "targets", "EconomicZone", "Organization", "Person", "Term", *REPORTED_TYPES):
        c = agg["entities"][t]
        label = {"targets": "**all target types**"}.get(t, t + (" *(reported)*" if t in REPORTED_TYPES else ""))
        lines.append(
            f"| {label} | {c.tp + c.fn} | {c.tp} | {c.fp} | {c.fn} | "
            f"{_fmt(c.precision)} | {_fmt(c.recall)} | {_fmt(c.f1)} | "
            f"{_target_cell(group, t, c.f1)} |"
        )
    return lines + [""]


def other_tables(groups: dict, controls: dict) -> list[str]:
    """Markdown tables of indicators, proposals and the non-government controls."""
    lines = [
        "### Indicators",
        "",
        "| group | gold | matched | value+unit only | FP | P | R | F1 | comparator agrees | estimated agrees |",
        "|---|" + "---:|" * 9,
    ]
    for name, agg in groups.items():
        s, c = agg["indicators"], agg["indicators"].counts
        agree = {k: f"{h}/{n}" for k, (h, n) in s.agree.items()}
        lines.append(
            f"| {name} | {c.tp + c.fn} | {c.tp} | {s.quantity_only} | {c.fp} | "
            f"{_fmt(c.precision)} | {_fmt(c.recall)} | {_fmt(c.f1)} | "
            f"{agree['comparator']} | {agree['estimated']} |"
        )
    lines += [
        "",
        "### Proposals",
        "",
        "| group | gold | extracted | found | R | P | gold infra | extracted infra | infra found | infra R |",
        "|---|" + "---:|" * 9,
    ]
    for name, agg in groups.items():
        p, i, n = agg["proposals"]["proposals"], agg["proposals"]["infrastructure"], agg["counts"]
        lines.append(
            f"| {name} | {n['gold_proposals']} | {n['pred_proposals']} | {p.tp} | "
            f"{_fmt(p.recall)} | {_fmt(p.precision)} | {n['gold_infrastructure']} | "
            f"{n['pred_infrastructure']} | {i.tp} | {_fmt(i.recall)} |"
        )
    lines += [
        "",
        "### Non-government controls (false positives per article)",
        "",
        "| file | place/park/road FP | all scored types FP | indicator FP | proposal FP |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {f} | {c['target_fp']} | {c['all_fp']} | {c['indicator_fp']} | {c['proposal_fp']} |"
        for f, c in controls.items()
    ]
    return lines + [""]


def verbose_lines(per_file: dict) -> list[str]:
    """Misses and false positives of every file."""
    lines = ["### Errors per file", ""]
    for name, result in per_file.items():
        rows = [
            f"- {t}: missed {c.misses}; false positives {c.false_positives}"
            for t, c in result["entities"].items()
            if c.misses or c.false_positives
        ]
        ind = result["indicators"].counts
        if ind.misses or ind.false_positives:
            rows.append(f"- indicators: missed {ind.misses}; false positives {ind.false_positives}")
        for key, c in result["proposals"].items():
            if c.misses or c.false_positives:
                rows.append(f"- {key}: missed {c.misses}; unmatched {c.false_positives}")
        lines += [f"**{name}**", *(rows or ["- no errors"]), ""]
    return lines


def as_json(report: dict, verbose: bool) -> dict:
    """The report as plain JSON values."""

    def group(agg):
        ind = agg["indicators"]
        return {
            "files": agg["files"],
            "entities": {t: c.as_dict() for t, c in agg["entities"].items()},
            "indicators": {**ind.counts.as_dict(), "quantity_only": ind.quantity_only, "agree": ind.agree},
            "proposals": {k: c.as_dict() for k, c in agg["proposals"].items()},
            "counts": agg["counts"],
        }

    out = {
        "targets": TARGETS,
        "groups": {k: group(v) for k, v in report["groups"].items()},
        "controls": report["controls"],
    }
    if verbose:
        out["per_file"] = {
            name: {
                "entities": {
                    t: {"misses": c.misses, "false_positives": c.false_positives}
                    for t, c in r["entities"].items()
                    if c.misses or c.false_positives
                },
                "indicators": {
                    "misses": r["indicators"].counts.misses,
                    "false_positives": r["indicators"].counts.false_positives,
                },
                "proposals": {
                    k: {"misses": c.misses, "false_positives": c.false_positives} for k, c in r["proposals"].items()
                },
            }
            for name, r in report["per_file"].items()
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--verbose", action="store_true", help="misses and FPs per file")
    parser.add_argument("--no-held-out", action="store_true", help="skip vnnews-b")
    parser.add_argument("--self-test", action="store_true", help="score the gold against itself")
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help="gold directory")
    args = parser.parse_args(argv)
    docs = [g for g in load_gold(args.gold) if not (args.no_held_out and g.corpus == "vnnews-b")]
    if args.self_test:
        predictions = {g.name: from_gold(g) for g in docs}
    else:
        try:
            predictions = run_extractor(docs)
        except ImportError as exc:
            print(
                f"kg.extract.extract_document is not available ({exc}); use --self-test to check the benchmark itself",
                file=sys.stderr,
            )
            return 2
    report = evaluate(docs, predictions)
    if args.json:
        print(json.dumps(as_json(report, args.verbose), ensure_ascii=False, indent=2))
        return 0
    lines = ["## Extraction benchmark (hand-labelled gold, bench/gold)", ""]
    for name, agg in report["groups"].items():
        lines += entity_table(name, agg)
    lines += other_tables(report["groups"], report["controls"])
    if args.verbose:
        lines += verbose_lines(report["per_file"])
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
