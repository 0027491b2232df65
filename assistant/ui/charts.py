"""Plotly figures for the UI (built from plain result views, so they are testable without Chainlit)."""

from __future__ import annotations

import plotly.graph_objects as go

from assistant.services.interview import ResultsView

CONFIDENCE_MARKERS = {"self_and_scenarios": "circle", "scenarios_only": "diamond", "self_declared": "circle-open"}


def wrap_label(text: str, width: int = 22) -> str:
    """Break a long axis label over lines so the chart does not cut it."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def radar_figure(results: ResultsView, lang: str) -> go.Figure:
    """Levels against the role target, one axis per domain; hollow markers are self-declared only."""
    fr = lang != "en"
    names = [wrap_label(d.name) for d in results.domains]
    closed = [*names, names[0]]
    levels = [d.level for d in results.domains]
    targets = [d.target for d in results.domains]
    figure = go.Figure()
    figure.add_trace(
        go.Scatterpolar(
            r=[*targets, targets[0]],
            theta=closed,
            name=f"{'Niveau visé' if fr else 'Target'} ({results.role_name})",
            line={"dash": "dash", "color": "#9a6700"},
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Scatterpolar(
            r=[*levels, levels[0]],
            theta=closed,
            name="Votre niveau" if fr else "Your level",
            fill="toself",
            line={"color": "#0b6bcb"},
            marker={
                "size": 10,
                "symbol": [CONFIDENCE_MARKERS.get(d.basis, "x") for d in results.domains]
                + [CONFIDENCE_MARKERS.get(results.domains[0].basis, "x")],
            },
            customdata=[[d.level_label, d.confidence] for d in results.domains] + [[""] * 2],
            hovertemplate="%{theta}: %{r} · %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    )
    figure.update_layout(
        polar={"radialaxis": {"range": [0, 4], "tickvals": [0, 1, 2, 3, 4]}},
        showlegend=True,
        legend={"orientation": "h", "y": -0.15},
        margin={"l": 90, "r": 90, "t": 40, "b": 30},
        height=460,
    )
    return figure


QUADRANT_COLOURS = {"quick_win": "#1a7f37", "strategic_bet": "#0b6bcb", "complement": "#9a6700", "postpone": "#8c959f"}
QUADRANT_NAMES = {
    "fr": {"quick_win": "Gains rapides", "strategic_bet": "Paris stratégiques", "complement": "Compléments",
           "postpone": "À reporter"},
    "en": {"quick_win": "Quick wins", "strategic_bet": "Strategic bets", "complement": "Complements",
           "postpone": "Postpone"},
}  # fmt: skip


def _factor_lines(factors: list[dict[str, object]]) -> str:
    return "<br>".join(f"{f['name']}: {f['points']} — {str(f['explanation'])[:90]}" for f in factors)


def matrix_figure(discovery: dict[str, object], lang: str) -> go.Figure:
    """Value x feasibility scatter of the ranked use cases; hovering shows the factors behind both scores."""
    key = "en" if lang == "en" else "fr"
    items: list[dict[str, object]] = list(discovery["portfolio"])  # type: ignore[call-overload]
    figure = go.Figure()
    for quadrant, colour in QUADRANT_COLOURS.items():
        chosen = [i for i in items if i["quadrant"] == quadrant]
        if not chosen:
            continue
        figure.add_trace(
            go.Scatter(
                x=[i["feasibility"] for i in chosen],
                y=[i["value"] for i in chosen],
                mode="markers+text",
                text=[str(i["rank"]) for i in chosen],
                textposition="top center",
                name=QUADRANT_NAMES[key][quadrant],
                marker={"size": 16, "color": colour, "line": {"width": 1, "color": "white"}},
                customdata=[
                    [
                        i["title"],
                        _factor_lines(i["value_factors"]),  # type: ignore[arg-type]
                        _factor_lines(i["feasibility_factors"]),  # type: ignore[arg-type]
                    ]
                    for i in chosen
                ],
                hovertemplate="<b>%{customdata[0]}</b><br>"
                + ("Valeur" if key == "fr" else "Value")
                + " %{y}<br>%{customdata[1]}<br>"
                + ("Faisabilité" if key == "fr" else "Feasibility")
                + " %{x}<br>%{customdata[2]}<extra></extra>",
            )
        )
    figure.add_hline(y=50, line={"dash": "dot", "color": "#8c959f"})
    figure.add_vline(x=55, line={"dash": "dot", "color": "#8c959f"})
    figure.update_layout(
        xaxis={"title": "Faisabilité" if key == "fr" else "Feasibility", "range": [0, 105]},
        yaxis={"title": "Valeur" if key == "fr" else "Value", "range": [0, 105]},
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 50, "r": 20, "t": 30, "b": 40},
        height=480,
    )
    return figure


def heatmap_figure(team: dict[str, object], domain_names: dict[str, str], lang: str) -> go.Figure:
    """Mean level per group and domain; hidden groups show as blank cells with the reason on hover."""
    domains: list[str] = list(team["domains"])  # type: ignore[call-overload]
    rows: list[dict[str, object]] = list(team["rows"])  # type: ignore[call-overload]
    labels = [str(r.get("group") or ("Sans équipe" if lang != "en" else "No team")) for r in rows]
    z: list[list[object]] = []
    text: list[list[str]] = []
    for row in rows:
        cells: dict[str, dict[str, object]] = row.get("cells") or {}  # type: ignore[assignment]
        if row.get("suppressed"):
            z.append([None] * len(domains))
            reason = row.get("suppressed_reason") or {}
            message = reason.get("en" if lang == "en" else "fr", "") if isinstance(reason, dict) else str(reason)
            text.append([message] * len(domains))
        else:
            z.append([cells[d]["mean"] if d in cells else None for d in domains])
            text.append([f"n = {cells[d]['n']}" if d in cells else "" for d in domains])
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[wrap_label(domain_names.get(d, d), 16) for d in domains],
            y=labels,
            text=text,
            zmin=0,
            zmax=4,
            colorscale="Blues",
            hovertemplate="%{y} · %{x}: %{z}<br>%{text}<extra></extra>",
            texttemplate="%{z}",
        )
    )
    figure.update_layout(margin={"l": 120, "r": 20, "t": 30, "b": 80}, height=120 + 45 * len(rows))
    return figure
