"""The plugin host: hook specifications, plugin discovery and isolation, assembling standards from the
records plugins declare, the one data-file loader, and :class:`~cpframework.host.plugin.DataPlugin`."""
