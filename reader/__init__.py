"""The reader: an interview, segmented, translated, spoken and served with word-level sync."""
