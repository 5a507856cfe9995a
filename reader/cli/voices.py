"""`reader voices install PATH.onnx`, `reader voices list` and `reader voices remove NAME`: Piper voices are files the
operator brings; the product never downloads one."""
from __future__ import annotations

from pathlib import Path

import click

from ..settings import Settings


@click.group()
def voices() -> None:
    """Neural Piper voices: install one per language, list or remove what is installed."""


@voices.command()
@click.argument("model", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def install(settings: Settings, model: Path) -> None:
    """Check a Piper voice (MODEL.onnx and the MODEL.onnx.json beside it; its MODEL_CARD too, if
    there is one) and copy it into the project's voices/ folder. Its language's next build
    speaks with it."""
    from ..speech.voices import install as copy_voice

    voice, copied = copy_voice(model, settings.voice_folder)
    folder = voice.path.parent
    where = folder.relative_to(settings.root) if folder.is_relative_to(settings.root) else folder
    click.echo(f"{'Installed' if copied else 'Already installed:'} {voice.name} ({voice.lang}, {voice.quality}, "
               f"{voice.sample_rate} Hz, {voice.dataset}, licence {voice.licence}) in {where}/.")
    if voice.licence == "unknown":
        click.echo("No MODEL_CARD beside the voice: its licence is unknown. Check it before publishing audio.",
                   err=True)


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
