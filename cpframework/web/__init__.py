"""``cpaudit serve``: a local web app over the project folders under one directory (Chinese UI).

Thin by design: pages call the core only through :mod:`cpframework.web.services`.  Security and the
background worker are in :mod:`~cpframework.web.security` and :mod:`~cpframework.web.jobs`.
"""
