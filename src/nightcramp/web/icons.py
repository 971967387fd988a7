"""Draw the app icons (a crescent moon beside a lower leg) into web/static/web/.

Run ``python -m nightcramp.web.icons`` after changing the design; the PNGs are committed.
"""

from __future__ import annotations

from pathlib import Path

NIGHT = (11, 16, 32, 255)
MOON = (255, 204, 77, 255)
LEG = (232, 93, 112, 255)
OUT = Path(__file__).parent / "static" / "web"


def draw_icon(size: int, maskable: bool = False):
    """The icon at ``size`` px; a maskable one keeps the glyph inside the safe zone."""
    from PIL import Image, ImageDraw

    scale = 4
    s = size * scale
    img = Image.new("RGBA", (s, s), NIGHT)
    d = ImageDraw.Draw(img)
    pad = s * (0.2 if maskable else 0.08)
    inner = s - 2 * pad

    def at(x: float, y: float) -> tuple[float, float]:
        return (pad + x * inner, pad + y * inner)

    r = 0.22 * inner
    cx, cy = at(0.27, 0.27)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=MOON)
    ox, oy = cx + 0.10 * inner, cy - 0.06 * inner
    d.ellipse([ox - r, oy - r, ox + r, oy + r], fill=NIGHT)
    d.polygon([at(x, y) for x, y in _leg_outline()], fill=LEG)
    # the cramp: a white zigzag across the calf
    zigzag = [at(0.50, 0.44), at(0.60, 0.50), at(0.52, 0.55), at(0.62, 0.61)]
    d.line(zigzag, fill=(255, 255, 255, 255), width=int(0.035 * inner), joint="curve")
    if not maskable:
        mask = Image.new("L", (s, s), 0)
        ImageDraw.Draw(mask).rounded_rectangle([0, 0, s, s], radius=s * 0.22, fill=255)
        img.putalpha(mask)
    return img.resize((size, size), Image.LANCZOS)


def _leg_outline() -> list[tuple[float, float]]:
    """A lower leg seen from the side, toes to the right: the calf bulges to the back."""
    import math

    back = []  # back of the leg, knee to heel, with the calf's curve
    for i in range(13):
        t = i / 12
        y = 0.12 + 0.68 * t
        bulge = 0.11 * math.sin(math.pi * min(t / 0.75, 1.0)) if t < 0.75 else 0.0
        back.append((0.56 - bulge, y))
    front = [(0.78, 0.80 - 0.68 * i / 12) for i in range(13)]  # shin, ankle up to knee
    foot = [(0.55, 0.86), (0.58, 0.92), (0.95, 0.92), (0.96, 0.86), (0.86, 0.80), (0.78, 0.80)]
    return back + foot + front


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw_icon(size).save(OUT / f"icon-{size}.png", optimize=True)
    draw_icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
