"""What a built language is published as, below both the web and the exports: the format
table (formats/), the built article a page shows (article.py, passage_view.py), covers
(artwork.py), podcast feeds (feeds.py) and what passages and chapters are called (titles.py)."""
