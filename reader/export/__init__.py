"""The static export: the served pages, their files and audio written as a static site
(static_site.py). Single formats come from the format table in reader/publish/formats/."""
