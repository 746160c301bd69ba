from cpframework.cli.commands import entry

entry()
