"""``cpaudit plugin new NAME``: a complete, installable standard plugin package from templates.

The templates are files under ``template/`` (``*.tmpl``; ``__pkg__`` and ``__name__`` in paths are
replaced by the import package and the standard id).  See :func:`cpframework.scaffold.generate.create_plugin`.
"""
