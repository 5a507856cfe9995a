"""The README's pictures (docs/screenshots/): the interview's page light and dark, on a phone,
side by side, as a reader set it (high contrast, Andika…), and the library's index. The suite
takes each again and compares it with the committed one, failing on a real difference (a
picture that changes is a page that changed);
the new picture is left in test-artifacts/screenshots/ to look at. `make screenshots` writes
them to docs/screenshots/ on purpose, to be reviewed in `git status` and committed."""
import os
from pathlib import Path

import pytest
from browser import ARTIFACTS, own_context
from projects import INTERVIEW, REPO

pytestmark = pytest.mark.browser

SHOTS = REPO / "docs" / "screenshots"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def pixels(data: bytes):
    import io

    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGB"))


def same_picture(old: bytes, new: bytes, unsteady: tuple[tuple[int, int, int, int], ...] = ()) -> bool:
    """The same picture but for antialiasing (a pixel to either side, a shade lighter), and its
    PNG bytes vary for equal pixels. A pixel counts as changed when nothing within one pixel of
    it in the other picture is within 32 levels of it, looked at both ways; a word's outline, a
    changed label or a moved line is hundreds of such pixels. `unsteady` boxes (x, y, width,
    height) are left out: Chromium lays out a <select>'s text differently from run to run
    under load (its "1,0×" narrower by a pixel or two: 257 pixels)."""
    a, b = pixels(old).astype(int), pixels(new).astype(int)
    if a.shape != b.shape:
        return False
    changed = unmatched(a, b) | unmatched(b, a)
    for x, y, width, height in unsteady:
        changed[y:y + height, x:x + width] = False
    return int(changed.sum()) <= 40


def unmatched(a, b):
    """The pixels of `a` with no pixel of `b` near them (one pixel each way) of nearly its colour."""
    import numpy as np

    best = np.full(a.shape[:2], 255)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            shifted = np.roll(np.roll(b, dy, axis=0), dx, axis=1)
            best = np.minimum(best, abs(a - shifted).max(axis=2))
    return best > 32


def differs(path: Path, data: bytes, unsteady=()) -> bool:
    return not path.exists() or not same_picture(path.read_bytes(), data, unsteady)


def keep(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.mark.parametrize("name, address, options", [
    ("page-light", f"/kk/{INTERVIEW}/", {"color_scheme": "light"}),
    ("page-dark", f"/kk/{INTERVIEW}/", {"color_scheme": "dark"}),
    ("phone", f"/ru/{INTERVIEW}/", {"color_scheme": "light", **PHONE}),
    ("side-by-side", f"/kk/{INTERVIEW}/?with=ru", {"color_scheme": "light"}),
    ("index", "/en/", {"color_scheme": "light"}),
    ("reading-settings", f"/kk/{INTERVIEW}/", {"color_scheme": "light"}),
])
def test_the_readme_pictures_show_the_reader_as_it_is(browser, live_server, name, address, options):
    with own_context(browser, live_server, **{"viewport": {"width": 1200, "height": 900}, **options}) as context:
        page = context.new_page()
        picture = shoot(page, live_server, address, READING_SETTINGS if name == "reading-settings" else ())
        unsteady = select_boxes(page, options.get("device_scale_factor", 1))
    committed = SHOTS / f"{name}.png"
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":     # make screenshots
        if differs(committed, picture):
            keep(committed, picture)
        return
    if differs(committed, picture, unsteady):
        keep(ARTIFACTS / "screenshots" / f"{name}.png", picture)
        pytest.fail(f"{committed} no longer shows the page: the new picture is in test-artifacts/screenshots/; "
                    "if the change is meant, run `make screenshots` and commit it")


def select_boxes(page, scale: float) -> tuple[tuple[int, int, int, int], ...]:
    """Where the page's <select>s are drawn, in the picture's pixels."""
    boxes = page.eval_on_selector_all("select", """all => all.map(e => { const r = e.getBoundingClientRect();
        return [r.x, r.y, r.width, r.height]; })""")
    return tuple(tuple(round(v * scale) for v in box) for box in boxes)


# A reader with low vision who is learning Kazakh: high contrast, Andika, wider letters and
# words, sentences highlighted, listen and repeat, chosen in the settings panel (then closed).
READING_SETTINGS = (("contrast", "high"), ("font", "andika"), ("letter-spacing", "wide"), ("word-spacing", "wide"),
                    ("highlight", "sentence"), ("pace", "repeat"))


def shoot(page, live_server, address, settings=()) -> bytes:
    """The page at a fixed moment: a word of the second paragraph highlighted, as it is when
    heard (played, then held), so that the picture is the same on every run; with `settings`
    chosen in the settings panel, the sentence in the middle."""
    page.goto(live_server + address)
    if address != "/en/":
        page.wait_for_selector('#player[data-ready="true"]', state="attached")
        page.click("#content-note a")
        page.click("#p2\\.s1")
        page.wait_for_function("() => document.querySelector('.is-current-word')")
        timings = page.evaluate("fetch(document.getElementById('player').dataset.timings).then(r => r.json())")
        p2 = next(p for p in timings["passages"] if p["id"] == "p2")
        chosen = p2["sentences"][0]["words"][1]
        word = [chosen["id"], chosen["start_ms"]]
        page.evaluate("""([id, start]) => { const audio = document.querySelector('#player audio');
            audio.pause(); audio.currentTime = (start + 40) / 1000; }""", word)
        page.wait_for_function("id => document.querySelector('.is-current-word')?.id === id", arg=word[0])
        page.wait_for_timeout(1000)                 # the page has followed the word into view
    if settings:
        page.click("#display-settings summary")
        for setting, value in settings:
            page.select_option(f"#{setting}", value)
        page.click("#display-settings summary")
        page.evaluate("""() => Promise.all(['16px Andika', 'italic 16px Andika', 'bold 16px Andika']
            .map((font) => document.fonts.load(font, 'Қазақ')))""")
        page.eval_on_selector(".is-current-sentence", "e => e.scrollIntoView({block: 'center'})")
        page.evaluate("() => document.activeElement.blur()")
        page.wait_for_timeout(500)
    return page.screenshot(animations="disabled", caret="hide")
