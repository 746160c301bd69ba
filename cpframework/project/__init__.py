"""A project folder: manifest, data workbook (read and generated), narrative, creation and upgrade."""
