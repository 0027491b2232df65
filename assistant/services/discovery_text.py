"""Plain Markdown for the manager's results: ranked table, what-ifs and roadmap (FR/EN)."""

from __future__ import annotations

from typing import Any

QUADRANTS = {
    "fr": {"quick_win": "Gain rapide", "strategic_bet": "Pari stratégique", "complement": "Complément",
           "postpone": "À reporter"},
    "en": {"quick_win": "Quick win", "strategic_bet": "Strategic bet", "complement": "Complement",
           "postpone": "Postpone"},
}  # fmt: skip
CATEGORIES = {
    "fr": {"prohibited": "interdit", "high_risk": "haut risque", "transparency": "transparence", "minimal": "minimal"},
    "en": {"prohibited": "prohibited", "high_risk": "high risk", "transparency": "transparency", "minimal": "minimal"},
}
HORIZONS = {
    "fr": {
        "quick_wins": "0–3 mois : gains rapides",
        "projects": "3–9 mois : projets",
        "strategic": "9–18 mois : stratégique",
    },
    "en": {
        "quick_wins": "0–3 months: quick wins",
        "projects": "3–9 months: projects",
        "strategic": "9–18 months: strategic",
    },
}


def _key(lang: str) -> str:
    return "en" if lang == "en" else "fr"


def portfolio_table(discovery: dict[str, Any], lang: str) -> str:
    """The ranked use cases with their scores, ROI and AI Act category."""
    key = _key(lang)
    head = (
        "| # | Cas d'usage | Priorité | Valeur | Faisabilité | Gain net/an (médian) | Retour | AI Act |"
        if key == "fr"
        else "| # | Use case | Priority | Value | Feasibility | Net gain/yr (base) | Payback | AI Act |"
    )
    lines = [head, "|---|---|---|---|---|---|---|---|"]
    for item in discovery["portfolio"]:
        roi = item["roi"]
        lines.append(
            f"| {item['rank']} | {item['title']} | {QUADRANTS[key].get(item['quadrant'], item['quadrant'])} | "
            f"{item['value']:.0f} | {item['feasibility']:.0f} | {roi['net_yearly_eur']['text']['base']} | "
            f"{roi['payback_months']['base']['text']} | {CATEGORIES[key].get(item['triage']['category'], '')} |"
        )
    return "\n".join(lines)


def what_if_lines(discovery: dict[str, Any], lang: str) -> str:
    """What would change the ranking, one line each."""
    title = "**Ce qui changerait le classement**" if _key(lang) == "fr" else "**What would change the ranking**"
    return "\n".join([title, *(f"- {w['text']}" for w in discovery["what_if"])])


def roadmap_markdown(discovery: dict[str, Any], lang: str) -> str:
    """Three horizons with each item's prerequisites."""
    key = _key(lang)
    lines = ["**Feuille de route**" if key == "fr" else "**Roadmap**"]
    for horizon, steps in discovery["roadmap"]["horizons"].items():
        lines += ["", f"*{HORIZONS[key].get(horizon, horizon)}*"]
        if not steps:
            lines.append("- —")
        for step in steps:
            needs = [
                (f"données {w['source']} {w['current'] if w['current'] is not None else '?'} → {w['target']}")
                if key == "fr"
                else f"{w['source']} data {w['current'] if w['current'] is not None else '?'} → {w['target']}"
                for w in step["data_work"]
            ]
            needs += [f"{t['title']} ({t['hours']:g} h)" for t in step["training"][:3]]
            suffix = (
                (" — " + ("prérequis : " if key == "fr" else "prerequisites: ") + "; ".join(needs)) if needs else ""
            )
            lines.append(f"- {step['title']}{suffix}")
    banned = discovery.get("do_not_do") or []
    if banned:
        lines += ["", "**À ne pas faire**" if key == "fr" else "**Do not do**"]
        lines += [f"- {t['use_case']} : {t['reason']}" for t in banned]
    return "\n".join(lines)
