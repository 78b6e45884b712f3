"""Draw wrist.png, the figure of examples/figure/carpal-tunnel.toml: the wrist seen end on (a plain
cross-section, not to scale), with the carpal tunnel, its roof (the ligament) and the nerve squeezed
under it. Our own drawing, so the project may ship it.

Run from the repository root: .venv/bin/python examples/figure/draw_wrist.py
The output is the same bytes on every run (no date or software name is written into the PNG).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 720, 400
SKIN = (246, 226, 208)
BONE = (236, 232, 220)
LINE = (60, 60, 60)
LIGAMENT = (40, 90, 150)
NERVE = (230, 190, 40)
TENDON = (255, 255, 255)


def draw() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((40, 40, 680, 360), radius=150, fill=SKIN, outline=LINE, width=4)  # the wrist
    for box in ((120, 90, 250, 200), (260, 70, 400, 170), (410, 80, 540, 180), (550, 100, 640, 210)):
        pen.ellipse(box, fill=BONE, outline=LINE, width=3)  # the wrist bones, the tunnel's floor
    pen.arc((130, 120, 630, 330), start=10, end=170, fill=LIGAMENT, width=14)  # the ligament, its roof
    for x, y in ((230, 215), (300, 230), (370, 238), (440, 235), (510, 222)):
        pen.ellipse((x - 22, y - 22, x + 22, y + 22), fill=TENDON, outline=LINE, width=3)  # tendons
    pen.ellipse((338, 268, 422, 312), fill=NERVE, outline=LINE, width=4)  # the nerve, flattened
    return image


def main() -> None:
    target = Path(__file__).with_name("wrist.png")
    draw().save(target, format="PNG", optimize=True)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
