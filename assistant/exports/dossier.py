"""Build the manager's AI dossier (for a board or a funded diagnostic) from a discovery, in French or English.

The input is ``Discovery.as_dict()`` (and optionally ``TeamMap.as_dict()``), so a dossier can be
rebuilt from stored JSON. Amounts are the discovery's own formatted texts; nothing is recomputed.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from assistant.domain.roi import format_eur
from assistant.domain.usecases import Vocabulary
from assistant.exports.assessment_report import format_date, format_hours
from assistant.exports.document import Block, Bullets, Heading, Note, Paragraph, Report, Table
from assistant.exports.dossier_text import TEXTS, Labels, category_label, labelled, number, word

TOP_DETAILED = 5
TOP_FACTORS = 2
SCENARIOS = ("low", "base", "high")  # pessimistic, central, optimistic
HORIZONS = ("quick_wins", "projects", "strategic")  # 0-3, 3-9 and 9-18 months


def build_dossier(
    discovery: dict[str, Any],
    lang: str,
    generated_on: datetime.date,
    team: dict[str, Any] | None = None,
    domain_names: Mapping[str, str] | None = None,
    *,
    vocabulary: Vocabulary | None = None,
) -> Report:
    """Assemble the dossier from ``Discovery.as_dict()`` and, if measured, ``TeamMap.as_dict()``.

    ``domain_names`` names the skill domains of the team map; ``vocabulary`` names sectors, pains,
    goals and data sources (their ids are shown without it).
    """
    lang = "en" if lang == "en" else "fr"
    profile, items = discovery["profile"], list(discovery["portfolio"])
    labels = Labels(vocabulary, lang)
    titles = {i["id"]: i["title"] for i in items}
    date = format_date(generated_on, lang)
    blocks: list[Block] = [
        *_profile(profile, items, discovery.get("missing_information", []), labels),
        *_portfolio(items, lang),
    ]
    if items:
        blocks.append(Heading(TEXTS["top"](lang).format(n=min(TOP_DETAILED, len(items)))))
        for item in items[:TOP_DETAILED]:
            blocks += _detail(item, lang)
    if discovery["what_if"]:
        blocks += [Heading(TEXTS["what_if"](lang)), Bullets(tuple(w["text"] for w in discovery["what_if"]))]
    blocks += _roadmap(discovery["roadmap"], titles, labels)
    blocks += _do_not_do(discovery["do_not_do"], lang)
    blocks += _team(team, domain_names or {}, lang)
    blocks.append(Note(discovery["disclaimer"]))
    name = profile.get("name") or labels.sector(profile["sector"])
    return Report(
        title=TEXTS["title"](lang).format(name=name),
        subtitle=TEXTS["subtitle"](lang).format(date=date),
        blocks=tuple(blocks),
        footer=TEXTS["footer"](lang).format(date=date),
        lang=lang,
    )


def _profile(profile: dict[str, Any], items: list[dict[str, Any]], missing: list[str], labels: Labels) -> list[Block]:
    lang = labels.lang
    hourly = format_eur(profile["loaded_hourly_cost_eur"], lang)
    sources = {a["name"]: a["source"] for i in items[:1] for a in i["roi"]["assumptions"]}
    if sources.get("loaded_hourly_cost_eur") == "default":
        hourly += f" ({TEXTS['default'](lang)})"
    budget = profile.get("budget_band")
    facts = (
        ("sector", labels.sector(profile["sector"])),
        ("headcount", TEXTS["people"](lang).format(n=profile["headcount"])),
        ("pains", labels.listing("pains", profile.get("pains", []))),
        ("goals", labels.listing("goals", profile.get("goals", []))),
        ("budget", word(budget, lang) if budget else TEXTS["unknown"](lang)),
        ("risk", word(f"risk_{profile.get('risk_appetite', 'medium')}", lang)),
        ("hourly", hourly),
    )
    blocks: list[Block] = [Heading(TEXTS["profile"](lang))]
    blocks.append(Bullets(tuple(labelled(f"**{TEXTS[key](lang)}**", value, lang) for key, value in facts)))
    if missing:
        blocks.append(Paragraph(TEXTS["missing"](lang).format(fields=", ".join(word(f, lang) for f in missing))))
    return blocks


def _portfolio(items: list[dict[str, Any]], lang: str) -> list[Block]:
    if not items:
        return [Heading(TEXTS["portfolio"](lang)), Paragraph(TEXTS["no_case"](lang))]
    header = tuple(
        TEXTS[k](lang) for k in ("rank", "case", "quadrant", "value", "feasibility", "net", "payback", "ai_act")
    )
    rows = tuple(
        (
            str(i["rank"]),
            i["title"],
            word(i["quadrant"], lang),
            number(i["value"], lang, 0),
            number(i["feasibility"], lang, 0),
            i["roi"]["net_yearly_eur"]["text"]["base"],
            i["roi"]["payback_months"]["base"]["text"],
            category_label(i["triage"]["category"], lang),
        )
        for i in items
    )
    return [Heading(TEXTS["portfolio"](lang)), Table(header, rows)]


def _detail(item: dict[str, Any], lang: str) -> list[Block]:
    return [
        Heading(f"{item['rank']}. {item['title']}", 2),
        Heading(TEXTS["why"](lang), 3),
        Bullets(_why(item, lang)),
        Heading(TEXTS["roi"](lang), 3),
        _roi_table(item["roi"], lang),
        Paragraph(f"**{TEXTS['assumptions'](lang)}**"),
        Bullets(tuple(_assumption(a, lang) for a in item["roi"]["assumptions"])),
        Heading(TEXTS["orientation"](lang), 3),
        Bullets(_orientation(item["triage"], lang)),
        *_kpis(item.get("kpis"), lang),
    ]


def _why(item: dict[str, Any], lang: str) -> tuple[str, ...]:
    lines = []
    for kind in ("value", "feasibility"):
        factors = sorted(item[f"{kind}_factors"], key=lambda f: -f["points"])
        for factor in factors[:TOP_FACTORS]:
            lines.append(_factor(f"{kind}_factor", factor, lang))
        lines += [_factor("watch", f, lang) for f in factors[TOP_FACTORS:] if f["points"] < 0]
    return tuple(lines)


def _factor(key: str, factor: dict[str, Any], lang: str) -> str:
    return TEXTS[key](lang).format(text=factor["explanation"], points=number(factor["points"], lang))


def _roi_table(roi: dict[str, Any], lang: str) -> Table:
    # Costs are ascending ranges, so the pessimistic column shows the high cost and vice versa;
    # gains, nets and paybacks are already per scenario.
    costs = dict(zip(SCENARIOS, reversed(SCENARIOS), strict=True))
    saved = roi["hours_saved_per_week"]
    rows = [
        (TEXTS["saved"](lang), *(f"{number(saved[s], lang)} h" for s in SCENARIOS)),
        (TEXTS["gain"](lang), *(roi["annual_gain_eur"]["text"][s] for s in SCENARIOS)),
        (TEXTS["one_off"](lang), *(roi["one_off_cost_eur"]["text"][costs[s]] for s in SCENARIOS)),
        (TEXTS["running"](lang), *(roi["yearly_running_cost_eur"]["text"][costs[s]] for s in SCENARIOS)),
        (TEXTS["net_first"](lang), *(roi["net_first_year_eur"]["text"][s] for s in SCENARIOS)),
        (TEXTS["net_yearly"](lang), *(roi["net_yearly_eur"]["text"][s] for s in SCENARIOS)),
        (TEXTS["payback_row"](lang), *(roi["payback_months"][s]["text"] for s in SCENARIOS)),
    ]
    return Table((TEXTS["figure"](lang), *(TEXTS[s](lang) for s in SCENARIOS)), tuple(rows))


def _assumption(assumption: dict[str, Any], lang: str) -> str:
    value = assumption["value"]
    shown = number(value, lang, 2) if isinstance(value, float) else str(value)
    if lang != "en" and isinstance(value, str):
        shown = shown.replace(".", ",")
    if assumption["name"] == "task_match_rule":
        shown = word(f"rule_{value}", lang)
    return labelled(word(assumption["name"], lang), f"{shown} ({word('source_' + assumption['source'], lang)})", lang)


def _orientation(triage: dict[str, Any], lang: str) -> tuple[str, ...]:
    def yes_no(flag: bool) -> str:
        return TEXTS["yes" if flag else "no"](lang)

    gdpr = TEXTS["gdpr"](lang).format(
        personal=yes_no(triage["gdpr_personal_data"]), dpia=yes_no(triage["dpia_likely"]), note=triage["gdpr_note"]
    )
    category = TEXTS["category"](lang).format(
        category=category_label(triage["category"], lang), reason=triage["reason"]
    )
    steps = TEXTS["next"](lang).format(steps=" ".join(triage["next_steps"]))
    return (category, *triage["obligations"], gdpr, steps)


def _kpis(kpis: Any, lang: str) -> list[Block]:
    # KPIs may come as plain strings or as {"fr": ..., "en": ...} texts.
    texts = [(k.get(lang) or k.get("fr", "")) if isinstance(k, Mapping) else str(k) for k in kpis or ()]
    texts = [t for t in texts if t]
    return [Heading(TEXTS["kpis"](lang), 3), Bullets(tuple(texts))] if texts else []


def _roadmap(roadmap: dict[str, Any], titles: Mapping[str, str], labels: Labels) -> list[Block]:
    lang = labels.lang
    blocks: list[Block] = [Heading(TEXTS["roadmap"](lang))]
    steps = [s for key in HORIZONS for s in roadmap["horizons"].get(key, [])]
    for key in HORIZONS:
        planned = roadmap["horizons"].get(key, [])
        blocks.append(Heading(TEXTS[key](lang), 2))
        blocks.append(
            Bullets(tuple(_step(s, labels) for s in planned)) if planned else Paragraph(TEXTS["nothing"](lang))
        )
    if roadmap["postponed"]:
        names = ", ".join(titles.get(i, i) for i in roadmap["postponed"])
        blocks.append(Paragraph(TEXTS["postponed"](lang).format(titles=names)))
    needs: list[Block] = []
    if roadmap["data_work"]:
        needs.append(Bullets(tuple(_data_work(w, labels) for w in roadmap["data_work"])))
    if roadmap["training"]:
        rows = tuple((t["title"], format_hours(t["hours"], lang)) for t in roadmap["training"])
        needs.append(Table((TEXTS["module"](lang), TEXTS["hours"](lang)), rows))
    if any(not s["skills_measured"] for s in steps):
        needs.append(Note(TEXTS["beginners"](lang)))
    return [*blocks, Heading(TEXTS["prerequisites"](lang), 2), *needs] if needs else blocks


def _step(step: dict[str, Any], labels: Labels) -> str:
    lang = labels.lang
    parts = [
        TEXTS["step"](lang).format(
            title=step["title"], rank=step["rank"], month=number(step["first_gains_month"], lang)
        )
    ]
    if step["data_work"]:
        work = ", ".join(
            f"{labels.source(w['source'])} {'?' if w['current'] is None else w['current']} → {w['target']}"
            for w in step["data_work"]
        )
        parts.append(TEXTS["step_data"](lang).format(work=work))
    if step["obligations_first"]:
        parts.append(TEXTS["step_obligations"](lang))
    if step["training"]:
        hours = format_hours(sum(t["hours"] for t in step["training"]), lang)
        parts.append(TEXTS["step_training"](lang).format(n=len(step["training"]), hours=hours))
    return ("; " if lang == "en" else " ; ").join(parts)


def _data_work(work: dict[str, Any], labels: Labels) -> str:
    return TEXTS["data_work"](labels.lang).format(
        source=labels.source(work["source"]),
        current=work["current"] if work["current"] is not None else "?",
        target=work["target"],
        months=number(work["months"], labels.lang),
    )


def _do_not_do(banned: list[dict[str, Any]], lang: str) -> list[Block]:
    if not banned:
        return [Heading(TEXTS["do_not"](lang)), Paragraph(TEXTS["no_ban"](lang))]
    lines = tuple(labelled(f"**{b.get('title') or b['use_case']}**", b["reason"], lang) for b in banned)
    return [Heading(TEXTS["do_not"](lang)), Bullets(lines)]


def _team(team: dict[str, Any] | None, domain_names: Mapping[str, str], lang: str) -> list[Block]:
    # One column per group and a row per skill domain: group names are short, domain names are not.
    if team is None:
        return [Heading(TEXTS["team"](lang)), Note(TEXTS["unmeasured"](lang))]
    groups, columns, hidden = [], [], []
    for row in team["rows"]:
        group = TEXTS["whole"](lang) if row["total"] else row["group"] or TEXTS["no_team"](lang)
        groups.append(group)
        if row["suppressed"] is None:
            cells = [row["cells"][d] for d in team["domains"]]
            columns.append([str(cells[0]["n"] if cells else 0), *(_cell(c, lang) for c in cells)])
        else:  # never a number for a hidden group, not even its head count
            columns.append([TEXTS[row["suppressed"]](lang)] * (len(team["domains"]) + 1))
            hidden.append(labelled(f"**{group}**", row["suppressed_reason"][lang], lang))
    labels = [TEXTS["headcount"](lang), *(domain_names.get(d, d) for d in team["domains"])]
    rows = tuple((label, *(column[i] for column in columns)) for i, label in enumerate(labels))
    blocks: list[Block] = [Heading(TEXTS["team"](lang)), Table((TEXTS["domain"](lang), *groups), rows)]
    if hidden:
        blocks.append(Bullets(tuple(hidden)))
    return [*blocks, Note(TEXTS["team_rule"](lang).format(k=team["k"]))]


def _cell(cell: dict[str, Any], lang: str) -> str:
    mean = number(cell["mean"], lang)
    share = cell.get("share_at_target")
    return mean if share is None else f"{mean} ({round(share * 100)} %)"
