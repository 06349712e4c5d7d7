#!/usr/bin/env python3
"""Draws the chat benchmark's chart: broadcast delivery p99 by members in the room, one line per report file
(`./arena load sockets --out FILE.jsonl`, or chatbench's results for ejabberd and Prosody: the same columns).

Usage: scripts/plot-sockets.py OUT.svg "TITLE" "LABEL=FILE.jsonl" ["LABEL=FILE.jsonl" ...] [--target MS]
"""
import html
import json
import math
import sys

COLOURS = ["#3559e0", "#1e7b34", "#b3261e", "#8e44ad", "#d35400", "#16a085"]
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 760, 360, 70, 550, 30, 310


def main(argv):
    target = None
    if "--target" in argv:
        at = argv.index("--target")
        target = float(argv[at + 1])
        argv = argv[:at] + argv[at + 2:]
    if len(argv) < 3:
        sys.exit(__doc__)
    out, title, series = argv[0], argv[1], []
    for spec in argv[2:]:
        label, path = spec.split("=", 1)
        rows = [json.loads(line) for line in open(path) if line.strip()]
        series.append((label, sorted((r["N"], r["lat_p99"]) for r in rows if r.get("lat_p99") is not None)))
    members = sorted({n for _, points in series for n, _ in points})
    if not members:
        sys.exit("error: no row with lat_p99 in the files given")
    title = html.escape(title)
    series = [(html.escape(label), points) for label, points in series]
    top = max([p for _, points in series for _, p in points] + [target or 0, 1])
    step = 10 ** math.floor(math.log10(top)) if top > 0 else 1
    step = step * 2 if top / step > 5 else step
    ceiling = math.ceil(top / step) * step
    low, high = math.log(members[0]), math.log(members[-1])

    def x(n):
        return LEFT + (RIGHT - LEFT) * ((math.log(n) - low) / (high - low) if high > low else 0)

    def y(ms):
        return BOTTOM - (BOTTOM - TOP) * ms / ceiling

    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
           'font-family="sans-serif" font-size="12">', f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
           f'<text x="{LEFT}" y="18" font-size="14" font-weight="bold">{title}</text>']
    for tick in range(round(ceiling / step) + 1):
        value = tick * step
        svg.append(f'<line x1="{LEFT}" x2="{RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#e4e8f5"/>'
                   f'<text x="{LEFT - 8}" y="{y(value) + 4:.1f}" text-anchor="end">{value:g}</text>')
    for n in members:
        svg.append(f'<line x1="{x(n):.1f}" x2="{x(n):.1f}" y1="{TOP}" y2="{BOTTOM}" stroke="#f0f2f8"/>'
                   f'<text x="{x(n):.1f}" y="{BOTTOM + 18}" text-anchor="middle">{n:,}</text>')
    svg.append(f'<text x="{(LEFT + RIGHT) / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle">members (sockets) in the '
               'room, log scale; p99 in ms</text>')
    if target is not None:
        svg.append(f'<line x1="{LEFT}" x2="{RIGHT}" y1="{y(target):.1f}" y2="{y(target):.1f}" stroke="#8a5a00" '
                   f'stroke-dasharray="5,4"/><text x="{RIGHT + 6}" y="{y(target) + 4:.1f}" fill="#8a5a00">target '
                   f'{target:g} ms</text>')
    for i, (label, points) in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        svg.append('<polyline points="' + " ".join(f"{x(n):.1f},{y(p):.1f}" for n, p in points)
                   + f'" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        for n, p in points:
            svg.append(f'<circle cx="{x(n):.1f}" cy="{y(p):.1f}" r="3.5" fill="{colour}"><title>{label}: {n:,} '
                       f'members, p99 {p:.0f} ms</title></circle>')
        legend = TOP + 30 + 20 * i
        svg.append(f'<line x1="{RIGHT + 6}" x2="{RIGHT + 26}" y1="{legend}" y2="{legend}" stroke="{colour}" '
                   f'stroke-width="3"/><text x="{RIGHT + 32}" y="{legend + 4}">{label}</text>')
    svg.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
