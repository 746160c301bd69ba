"""Safe reading (limits, hostile files) and atomic writing of every file format the tool touches."""
