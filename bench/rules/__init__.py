"""Measurements of the party, contact and category rules on the labelled messages."""
