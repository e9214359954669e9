"""The ground-floor kit for files: reading uploaded sheets, writing XLSX/CSV/PDF, charts.

Each app keeps its own reports (which columns, which layout); this package holds what more
than one of them needs, so a limit (file size, row count) or a safety rule (cells that
spreadsheets would run as formulas) is implemented once.
"""
