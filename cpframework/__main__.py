from cpframework.cli import entry

entry()
