"""The README's pictures, taken by the suite's own browser run so that they show the reader as
it is: the interview's page light and dark, on a phone, side by side, and the library's index.
Each is written to docs/screenshots/ only when it changed, so a run that changes nothing
leaves the working tree clean; a changed picture shows in `git status` to be reviewed."""
from pathlib import Path

import pytest
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


def same_picture(old: bytes, new: bytes) -> bool:
    """The same picture but for antialiasing: Chromium draws a control's text a shade
    differently from run to run (a few dozen pixels), and its PNG bytes vary for equal pixels."""
    a, b = pixels(old), pixels(new)
    return a.shape == b.shape and (a != b).any(axis=2).mean() < 0.001


def save(path: Path, data: bytes) -> None:
    """Written when the picture changed, so that a run that changes nothing leaves git clean."""
    if not path.exists() or not same_picture(path.read_bytes(), data):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@pytest.mark.parametrize("name, address, options", [
    ("page-light", f"/kk/{INTERVIEW}/", {"color_scheme": "light"}),
    ("page-dark", f"/kk/{INTERVIEW}/", {"color_scheme": "dark"}),
    ("phone", f"/ru/{INTERVIEW}/", {"color_scheme": "light", **PHONE}),
    ("side-by-side", f"/kk/{INTERVIEW}/?with=ru", {"color_scheme": "light"}),
    ("index", "/en/", {"color_scheme": "light"}),
])
def test_the_readme_pictures_are_taken_from_the_reader_as_it_is(browser, live_server, name, address, options):
    context = browser.new_context(**{"viewport": {"width": 1200, "height": 900}, **options})
    try:
        page = context.new_page()
        page.goto(live_server + address)
        if address != "/en/":
            page.wait_for_selector('#player[data-ready="true"]', state="attached")
            page.click("#content-note a")
            # a word of the second paragraph highlighted, as it is when heard: played, then held
            # at a fixed moment, so that the picture is the same on every run
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
        picture = page.screenshot(animations="disabled", caret="hide")
        assert picture.startswith(b"\x89PNG")
        save(SHOTS / f"{name}.png", picture)
    finally:
        context.close()
