"""`reader voices install NAME|PATH.onnx`, `reader voices available`, `reader voices list` and
`reader voices remove NAME`. A voice given by name is downloaded from Piper's voice repository
(or READER_VOICE_MIRROR) only when the operator asks: the one place the reader downloads."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..settings import Settings

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar


@click.group()
def voices() -> None:
    """Neural Piper voices: install one per language, list or remove what is installed."""


def is_path(given: str) -> bool:
    return given.endswith(".onnx") or "/" in given or Path(given).exists()


@voices.command()
@click.argument("voice_or_path", metavar="NAME|PATH.onnx")
@click.pass_obj
def install(settings: Settings, voice_or_path: str) -> None:
    """Install a Piper voice by name (kk_KZ-issai-high: downloaded from the catalogue, its size
    and MD5 checked) or from files (MODEL.onnx and the MODEL.onnx.json beside it; its MODEL_CARD
    too). Either is checked, then copied into the project's voices/ folder; its language's next
    build speaks with it."""
    if is_path(voice_or_path):
        from ..speech.voices import install as copy_voice

        voice, copied = copy_voice(Path(voice_or_path), settings.voice_folder)
    else:
        voice, copied = download_voice(settings, voice_or_path)
    folder = voice.path.parent
    where = folder.relative_to(settings.root) if folder.is_relative_to(settings.root) else folder
    click.echo(f"{'Installed' if copied else 'Already installed:'} {voice.name} ({voice.lang}, {voice.quality}, "
               f"{voice.sample_rate} Hz, {voice.dataset}, licence {voice.licence}) in {where}/.")
    if voice.licence == "unknown":
        click.echo("No MODEL_CARD beside the voice: its licence is unknown. Check it before publishing audio.",
                   err=True)


def download_voice(settings: Settings, name: str):
    """The named voice from the catalogue, with a progress bar over its bytes."""
    import sys

    from ..speech.catalogue import install_by_name

    bar: ProgressBar[int] | None = None

    def start(total: int) -> None:
        nonlocal bar
        bar = click.progressbar(length=total, label=f"Downloading {name}", file=sys.stderr)
        bar.__enter__()

    try:
        return install_by_name(name, settings.voice_mirror, settings.voice_folder, on_start=start,
                               on_bytes=lambda n: bar.update(n) if bar else None)
    finally:
        if bar:
            bar.__exit__(None, None, None)


@voices.command()
@click.option("--lang", type=click.Choice(["en", "kk", "ru"]), default=None, help="Only this language's voices.")
@click.pass_obj
def available(settings: Settings, lang: str | None) -> None:
    """The catalogue's voices for this reader's languages: name, quality, size, installed or not."""
    from ..speech.catalogue import available as listed

    found = listed(settings.voice_mirror, lang)
    if not found:
        click.echo(f"No voice for {lang or 'these languages'} in the catalogue at {settings.voice_mirror}.")
        return
    here = {path.stem for path in settings.voice_folder.glob("*.onnx")} if settings.voice_folder.is_dir() else set()
    for v in found:
        mark = "installed" if v.name in here else ""
        click.echo(f"{v.lang}  {v.name}  {v.quality}  {v.size / 1_000_000:.1f} MB  {mark}".rstrip())


@voices.command("list")
@click.pass_obj
def list_voices(settings: Settings) -> None:
    """Installed voices: language, name, quality, sample rate, dataset and licence; the one each
    language speaks with is marked *."""
    from ..speech.voices import chosen, installed

    found = installed(settings.voice_folder)
    if not found:
        click.echo(f"No Piper voice installed in {settings.voice_folder} (reader voices install PATH.onnx).")
        return
    used = {v.path for v in chosen(found, settings.voices, settings.voice_folder).values()}
    for v in found:
        mark = "*" if v.path in used else " "
        click.echo(f"{mark} {v.lang}  {v.name}  {v.quality}  {v.sample_rate} Hz  {v.dataset}  licence {v.licence}")


@voices.command()
@click.argument("name")
@click.pass_obj
def remove(settings: Settings, name: str) -> None:
    """Remove an installed voice (its model, config, card and digest) from voices/. Its
    language's next build speaks with the next voice, or espeak-ng."""
    from ..speech.voices import remove as remove_voice

    removed = remove_voice(name, settings.voice_folder)
    click.echo(f"Removed {name}: {', '.join(path.name for path in removed)}.")
