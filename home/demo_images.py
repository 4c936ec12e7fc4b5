"""Pictures for the demo school, drawn here so the demo needs no downloads."""

import math
import random
from io import BytesIO

from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model

PALETTES = {
    "burgundy": ((122, 31, 61), (242, 177, 52)),
    "midnight": ((28, 36, 74), (236, 140, 88)),
    "teal": ((20, 92, 96), (250, 214, 120)),
    "plum": ((84, 40, 96), (255, 160, 170)),
    "forest": ((36, 78, 52), (240, 200, 110)),
}


def _gradient(size, top, bottom):
    width, height = size
    picture = PillowImage.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        mix = y / max(height - 1, 1)
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)))
    return picture


def _dancer(draw, x, y, scale, colour, lean):
    """A stylised dancer: head, body, swinging arms and legs."""
    head = 18 * scale
    draw.ellipse([x - head, y - head, x + head, y + head], fill=colour)
    hip = (x + lean * 30 * scale, y + 120 * scale)
    width = max(int(9 * scale), 2)
    draw.line([(x, y + head), hip], fill=colour, width=width)
    shoulder = (x + lean * 8 * scale, y + 40 * scale)
    draw.line([shoulder, (shoulder[0] - 60 * scale, shoulder[1] - 35 * scale * lean)], fill=colour, width=width)
    draw.line([shoulder, (shoulder[0] + 65 * scale, shoulder[1] + 10 * scale)], fill=colour, width=width)
    draw.line([hip, (hip[0] - 45 * scale, hip[1] + 95 * scale)], fill=colour, width=width)
    draw.line([hip, (hip[0] + 60 * scale * lean, hip[1] + 80 * scale)], fill=colour, width=width)


def draw_scene(size, palette, seed):
    """A warm gradient with spotlights and a few dancing couples."""
    rng = random.Random(seed)
    dark, light = PALETTES[palette]
    picture = _gradient(size, dark, tuple(min(255, c + 40) for c in dark))
    draw = ImageDraw.Draw(picture, "RGBA")
    width, height = size
    for _ in range(6):
        cx, cy, r = rng.randint(0, width), rng.randint(0, height // 2), rng.randint(height // 6, height // 2)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(*light, 40))
    floor = int(height * 0.78)
    draw.rectangle([0, floor, width, height], fill=(0, 0, 0, 70))
    for index in range(rng.randint(2, 4)):
        x = int(width * (0.2 + 0.6 * index / 3)) + rng.randint(-40, 40)
        scale = height / 520
        lean = math.copysign(1, rng.random() - 0.5)
        _dancer(draw, x, int(floor - 230 * scale), scale, (*light, 230), lean)
        _dancer(draw, x + int(110 * scale), int(floor - 220 * scale), scale * 0.95, (255, 255, 255, 210), -lean)
    return picture


def draw_portrait(size, palette, seed):
    """A friendly head-and-shoulders silhouette on a spotlit background."""
    rng = random.Random(seed)
    dark, light = PALETTES[palette]
    picture = _gradient(size, tuple(min(255, c + 30) for c in dark), dark)
    draw = ImageDraw.Draw(picture, "RGBA")
    width, height = size
    draw.ellipse([width * 0.1, height * 0.05, width * 0.9, height * 0.85], fill=(*light, 60))
    skin = rng.choice([(241, 194, 125), (224, 172, 105), (198, 134, 66), (141, 85, 36), (255, 219, 172)])
    hair = rng.choice([(40, 28, 20), (90, 56, 30), (20, 20, 20), (160, 110, 60), (200, 200, 200)])
    shirt = (*light, 255)
    draw.ellipse([width * 0.18, height * 0.68, width * 0.82, height * 1.3], fill=shirt)
    draw.rectangle([width * 0.44, height * 0.55, width * 0.56, height * 0.72], fill=skin)
    draw.ellipse([width * 0.3, height * 0.2, width * 0.7, height * 0.62], fill=skin)
    draw.chord([width * 0.28, height * 0.14, width * 0.72, height * 0.5], 180, 360, fill=hair)
    return picture


def demo_image(title, palette, seed, size=(1600, 900), portrait=False):
    """The Wagtail image with this title, drawn and saved the first time it is asked for."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = BytesIO()
    draw = draw_portrait if portrait else draw_scene
    draw(size, palette, seed).save(buffer, format="JPEG", quality=85)
    filename = slugify(title) + ".jpg"
    return Image.objects.create(title=title, file=ImageFile(buffer, name=filename), description=title)
