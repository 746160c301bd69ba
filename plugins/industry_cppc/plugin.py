from cpframework.plugin import DataPlugin

plugin = DataPlugin(__package__)
