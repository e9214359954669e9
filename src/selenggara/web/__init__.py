"""The ground-floor kit every app may use: the scope mechanism, access decorators, pagination,
base forms, admin base classes, and the mapping of service errors to forms and HTTP.

It imports nothing from the apps above it (import-linter enforces it): the policy of who a
caller is lives in ``petugas.scope``, which installs itself here when Django starts.
"""
