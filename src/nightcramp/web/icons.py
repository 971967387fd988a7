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

    r = 0.26 * inner
    cx, cy = at(0.36, 0.34)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=MOON)
    ox, oy = cx + 0.12 * inner, cy - 0.07 * inner
    d.ellipse([ox - r, oy - r, ox + r, oy + r], fill=NIGHT)
    leg = [(0.62, 0.16), (0.80, 0.16), (0.79, 0.60), (0.82, 0.76), (0.97, 0.84),
           (0.97, 0.94), (0.60, 0.94), (0.60, 0.80), (0.56, 0.48)]  # fmt: skip
    d.polygon([at(x, y) for x, y in leg], fill=LEG)
    zigzag = [at(0.44, 0.58), at(0.51, 0.53), at(0.46, 0.66), at(0.53, 0.61)]
    d.line(zigzag, fill=(255, 255, 255, 255), width=int(0.025 * inner), joint="curve")
    if not maskable:
        mask = Image.new("L", (s, s), 0)
        ImageDraw.Draw(mask).rounded_rectangle([0, 0, s, s], radius=s * 0.22, fill=255)
        img.putalpha(mask)
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw_icon(size).save(OUT / f"icon-{size}.png", optimize=True)
    draw_icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
