"""Checks of what was built: an ear for the speech (a recogniser's transcript scored
against each passage's text)."""
