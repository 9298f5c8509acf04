"""Read the three curated CSVs, check them against the schema, and load them as typed frames.

First stage of the pipeline: nothing here filters, aggregates or draws.
"""
