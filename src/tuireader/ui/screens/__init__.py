"""Screens: the main three-pane screen and the modal windows (help, mentions, log)."""
