"""Election rules as pure Python: no Django import, no I/O.

Every module here is plain functions over plain data (str, int, ``datetime.date``,
``fractions.Fraction``) so the same rule serves the importer, the web forms, the e-coklit sync
API and the property tests. Problems are reported as :class:`~selenggara.rules.problem.Problem`.
"""

from selenggara.rules.problem import ERROR, WARNING, Problem, gettext_noop

__all__ = ["ERROR", "WARNING", "Problem", "gettext_noop"]
