"""Reports: run the parameterized notebooks with papermill and publish them as offline HTML.

One module per job:

- ``catalogue``: read ``reports.yml``, the named report runs and their parameters;
- ``fingerprint``: hash a run's inputs so an unchanged report is skipped (stdlib only: fast);
- ``params``: check report parameters against the data and the vocabularies, before a run and
  in the notebook's first cell after ``parameters``;
- ``kernel``: find (or install) the project's own Jupyter kernel inside this environment;
- ``folders``: what the runner may write, replace and remove (only what it recorded as its own),
  and the lock on a reports folder;
- ``lifeline``: make the runner's worker processes die with it;
- ``execute``: run one notebook into a temporary folder and swap it into place;
- ``html``: convert an executed notebook to an HTML report that renders with the network off;
- ``index``: write ``reports/index.html`` linking every report, with the corrections since the
  previous data version;
- ``snapshots``: keep the data each published version was made from (the corrections log);
- ``corrections``: the timeline report's "Corrections" table;
- ``display``: what the notebooks call to show things (renderer set-up, sortable tables);
- ``runner``: the ``python -m analysis report`` command.

Importing this package is cheap on purpose: heavy libraries load only where they are needed,
so a rerun that skips every report finishes in well under a second.
"""
