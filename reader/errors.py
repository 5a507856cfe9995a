"""One error shape for every stage: a single line that names the file, passage or value at fault."""


class ReaderError(Exception):
    """A failure the user can fix; its message is one line and says what to do."""

    def __str__(self) -> str:
        return " ".join(str(self.args[0]).split()) if self.args else "unknown error"
