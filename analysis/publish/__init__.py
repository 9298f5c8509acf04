"""Write what the renderers make to files: article exports, interactive HTML, TimelineJS, CSVs.

Fourth stage: every file is written atomically and is safe to open.
"""
