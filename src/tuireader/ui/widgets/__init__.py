"""The panes of the main screen and the widgets inside them."""
