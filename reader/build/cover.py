"""Cover images, for podcast apps (the feeds' artwork) and the MP3's own tag: the operator's
picture where the project has one (content/covers/<slug>.png or .jpg; library.png for the
publication), else a plain one drawn here: the title in white on the reader's blue, in DejaVu
Sans (shipped in the package: its Cyrillic and Latin cover all three languages). 1400 × 1400
pixels, the size every podcast directory accepts (Apple asks for 1400 to 3000, square)."""
from __future__ import annotations

import io
from pathlib import Path

from ..errors import ReaderError

SIZE = 1400
BLUE, WHITE = (11, 83, 148), (255, 255, 255)     # the pages' theme colour (#0b5394)
FONT = Path(__file__).parent / "fonts" / "DejaVuSans-Bold.ttf"
MARGIN = 120


def wrapped(text: str, font, width: int) -> list[str]:
    """The title cut into lines no wider than `width`, at spaces."""
    lines: list[str] = []
    for word in text.split():
        line = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(line) <= width:
            lines[-1] = line
        else:
            lines.append(word)
    return lines


def fitted(text: str, height: int):
    """The largest font (down to 40 px) at which the title fits the square's text area."""
    from PIL import ImageFont

    for size in range(120, 39, -8):
        font = ImageFont.truetype(str(FONT), size)
        lines = wrapped(text, font, SIZE - 2 * MARGIN)
        if len(lines) * size * 1.25 <= height and all(font.getlength(line) <= SIZE - 2 * MARGIN for line in lines):
            return font, lines
    font = ImageFont.truetype(str(FONT), 40)
    return font, wrapped(text, font, SIZE - 2 * MARGIN)


def drawn_cover(title: str, byline: str = "") -> bytes:
    """A PNG: the title, and a smaller line under it (the publication, the author)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (SIZE, SIZE), BLUE)
    draw = ImageDraw.Draw(image)
    font, lines = fitted(title, SIZE - 2 * MARGIN - 160)
    y = MARGIN
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=WHITE)
        y += round(font.size * 1.25)
    if byline:
        small = ImageFont.truetype(str(FONT), 48)
        draw.text((MARGIN, SIZE - MARGIN - 48), byline, font=small, fill=WHITE)
    out = io.BytesIO()
    # Two colours and their antialiased edges: 16 levels look the same in fewer bytes; RGB, as
    # Apple asks of podcast artwork.
    image.quantize(colors=16).convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


def operator_cover(project: Path, name: str) -> tuple[bytes, str] | None:
    """content/covers/<name>.png or .jpg, checked: square, 1400 to 3000 pixels, as directories
    require; one line naming the file otherwise."""
    for suffix, mime in ((".png", "image/png"), (".jpg", "image/jpeg")):
        path = project / "content" / "covers" / f"{name}{suffix}"
        if path.is_file():
            return checked_cover(path), mime
    return None


def checked_cover(path: Path) -> bytes:
    from PIL import Image, UnidentifiedImageError

    data = path.read_bytes()
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError):
        raise ReaderError(f"{path}: not a PNG or JPEG image") from None
    if width != height or not 1400 <= width <= 3000:
        raise ReaderError(f"{path}: {width} × {height} pixels; a cover is square, 1400 to 3000 pixels a side")
    return data


def cover(project: Path, name: str, title: str, byline: str = "") -> tuple[bytes, str]:
    """The cover's bytes and type: the operator's, else a drawn one."""
    return operator_cover(project, name) or (drawn_cover(title, byline), "image/png")


THUMBNAIL = 600


def thumbnail(image: bytes) -> bytes:
    """The cover at 600 pixels in 16 colours (a PNG of 20-odd KB), for the MP3's own tag: a
    player shows it small, and at 1,400 pixels it would weigh more than a short article's
    speech. (A palette, which podcast directories may refuse, is no matter inside the file.)"""
    from PIL import Image

    with Image.open(io.BytesIO(image)) as full:
        small = full.convert("RGB").resize((THUMBNAIL, THUMBNAIL), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.quantize(colors=16).save(out, format="PNG", optimize=True)
    return out.getvalue()
