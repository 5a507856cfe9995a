"""Translation: passages + gettext catalogs → the text of each passage per language
(translate.py, catalog.py), the glossary's forms (glossary.py), machine drafts (mt.py), and
Kazakh in Latin script (script.py)."""
