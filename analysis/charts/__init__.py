"""Renderers of the facts model: matplotlib charts, plotly charts, and the words and tables.

Third stage: nothing here filters, aggregates, scopes or decides binning; it draws the model.
"""
