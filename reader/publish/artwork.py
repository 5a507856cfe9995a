"""Cover images, for podcast apps (the feeds' artwork) and the MP3's own tag: the operator's
picture where the project has one (content/covers/<slug>.png or .jpg; library.png for the
publication), else a plain one drawn here: the title in white on the reader's blue, in DejaVu
Sans (shipped in the package: its Cyrillic and Latin cover all three languages). 1400 × 1400
pixels, the size every podcast directory accepts (Apple asks for 1400 to 3000, square)."""
from __future__ import annotations

import functools
import io
from pathlib import Path

from ..errors import ReaderError
from ..text_files import read_bounded

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


@functools.cache
def font(pixels: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT), pixels)


def fitted(text: str, width: int, height: int, scale: float):
    """The largest font (down to 40 px at full size) at which the title fits the text area."""
    for size in range(120, 39, -8):
        face = font(round(size * scale))
        lines = wrapped(text, face, width)
        if len(lines) * face.size * 1.25 <= height and all(face.getlength(line) <= width for line in lines):
            return face, lines
    face = font(round(40 * scale))
    return face, wrapped(text, face, width)


def drawn_cover(title: str, byline: str = "", size: int = SIZE, palette: bool = False) -> bytes:
    """A PNG: the title, and a smaller line under it (the publication, the author), laid out
    for 1400 pixels and drawn at `size`. Two colours and their antialiased edges: 16 levels look
    the same in fewer bytes. RGB, as Apple asks of podcast artwork, unless `palette` (smaller:
    for inside the MP3)."""
    from PIL import Image, ImageDraw

    scale = size / SIZE
    margin = round(MARGIN * scale)
    image = Image.new("RGB", (size, size), BLUE)
    draw = ImageDraw.Draw(image)
    face, lines = fitted(title, size - 2 * margin, round((SIZE - 2 * MARGIN - 160) * scale), scale)
    y = margin
    for line in lines:
        draw.text((margin, y), line, font=face, fill=WHITE)
        y += round(face.size * 1.25)
    if byline:
        small = font(round(48 * scale))
        draw.text((margin, size - margin - small.size), byline, font=small, fill=WHITE)
    out = io.BytesIO()
    reduced = image.quantize(colors=16)
    (reduced if palette else reduced.convert("RGB")).save(out, format="PNG", optimize=True)
    return out.getvalue()


KINDS = {".png": "image/png", ".jpg": "image/jpeg"}
FORMATS = {".png": "PNG", ".jpg": "JPEG"}   # what Pillow finds in a file of each name
MAX_COVER_BYTES = 32 * 1024 * 1024          # 3000 × 3000 pixels, as a PNG, with room to spare


def operator_cover_path(covers: Path, name: str) -> Path | None:
    """content/covers/<name>.png, else .jpg: the operator's picture, if there is one. Only these
    names count: anything else in the folder (a dangling link, a folder, a pipe, a scan kept
    there) is no cover, and stops nothing."""
    return next((path for suffix in KINDS if (path := covers / f"{name}{suffix}").is_file()),
                None)


def cover_suffix(covers: Path, name: str) -> str:
    """.png, or .jpg where the operator's picture is a JPEG: how the cover is named and served."""
    own = operator_cover_path(covers, name)
    return own.suffix if own else ".png"


def operator_cover(covers: Path, name: str) -> tuple[bytes, str] | None:
    """The operator's cover, checked: square, 1400 to 3000 pixels, as directories require; one
    line naming the file otherwise."""
    path = operator_cover_path(covers, name)
    return (checked_cover(path), KINDS[path.suffix]) if path else None


def used_covers(covers: Path, names: list[str]) -> list[Path]:
    """The operator's covers for these articles (and "library"): what a build reads."""
    return [path for name in names if (path := operator_cover_path(covers, name))]


def checked_cover(path: Path) -> bytes:
    from PIL import Image, UnidentifiedImageError


    data = read_bounded(path, MAX_COVER_BYTES)
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height, found = *image.size, image.format
    except (UnidentifiedImageError, OSError):
        raise ReaderError(f"{path}: not a PNG or JPEG image") from None
    if found != FORMATS[path.suffix]:
        right = next((suffix for suffix, name in FORMATS.items() if name == found), None)
        raise ReaderError(f"{path}: a {found} image named {path.suffix}; "
                          + (f"rename it {path.stem}{right}" if right else "a cover is a PNG or a JPEG"))
    if width != height or not 1400 <= width <= 3000:
        raise ReaderError(f"{path}: {width} × {height} pixels; a cover is square, 1400 to 3000 pixels a side")
    return data


def cover(covers: Path, name: str, title: str, byline: str = "") -> tuple[bytes, str]:
    """The cover's bytes and type: the operator's, else a drawn one."""
    return operator_cover(covers, name) or (drawn_cover(title, byline), "image/png")


THUMBNAIL = 600


@functools.cache
def drawing_digest() -> str:
    """What a cover's pixels depend on besides its text: this code, the font and Pillow."""
    import hashlib
    from importlib.metadata import version

    made_by = Path(__file__).read_bytes() + FONT.read_bytes() + version("pillow").encode()
    return hashlib.sha256(made_by).hexdigest()


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
