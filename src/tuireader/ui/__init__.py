"""The Textual reader: app, screens, widgets, messages. Only `tuireader.core.models` crosses in."""
