"""Rendering executed notebooks: reader/analyst HTML, PDF through Chromium, index pages."""
