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
