"""Chart specifications: what each chart draws, at each size, decided once for every engine.

Between the facts model (``analysis.prep``) and the engines (``analysis.charts``): a
specification holds the layers of marks with their symbols from one vocabulary
(:mod:`analysis.spec.vocabulary`), the scale, the legend, the labels shown and the words. The
matplotlib and plotly translators (``charts/spec_matplotlib.py``, ``charts/spec_plotly.py``)
only draw it. Whether a chart is drawn at all is decided here too, once
(:mod:`analysis.spec.showing`): a chart whose marks stand at one position is its sentence.
"""
